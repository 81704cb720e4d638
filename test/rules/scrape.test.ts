/**
 * Scraping real HTTP targets: target labels, the series filter, staleness, OpenMetrics, and
 * bad targets (down, HTML, huge, hanging, HTTP 500) that must only set `up` to 0 and log why.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/telemetry/logger.js';
import { Evaluator } from '../../src/rules/promql/eval.js';
import { parsePromql } from '../../src/rules/promql/parse.js';
import { selectorsOf, SeriesFilter } from '../../src/rules/scrape/filter.js';
import { ScrapePool } from '../../src/rules/scrape/pool.js';
import type { TargetSettings } from '../../src/rules/scrape/target.js';
import { SeriesStore } from '../../src/rules/storage/series-store.js';
import { freePort } from '../support/free-port.js';
import { AppServer } from './app-server.js';

const RULE_EXPRS = [
  'up == 0',
  'sum(rate(http_requests_total{code=~"5.."}[1m])) > 0',
  'db_pool_connections_in_use / db_pool_connections_max > 0.9',
  'om_jobs_total > 0',
  'gone_soon > 0',
];

function target(job: string, url: string, over: Partial<TargetSettings> = {}): TargetSettings {
  return {
    job,
    url,
    every: 60_000,
    timeout: 1_000,
    bodyLimit: 1024 * 1024,
    labels: {},
    service: undefined,
    ...over,
  };
}

describe('ScrapePool', () => {
  const app = new AppServer(true);
  const store = new SeriesStore({ capacity: 100, retentionMs: 3_600_000 });
  const filter = new SeriesFilter(RULE_EXPRS.flatMap((e) => selectorsOf(parsePromql(e).expr)));
  const logLines: string[] = [];
  const logger = createLogger({
    destination: new Writable({ write: (chunk, _e, cb) => (logLines.push(String(chunk)), cb()) }),
  });
  let now = 1_000_000;
  const pool = new ScrapePool(store, filter, logger, () => now);
  const query = (q: string) => {
    const v = new Evaluator(store).evaluate(parsePromql(q).expr, now);
    return v.type === 'vector' ? v.samples.map((s) => [s.labels, s.value]) : v;
  };

  beforeAll(async () => {
    await app.start();
    const closedPort = await freePort();
    pool.apply(
      [
        target('app', `${app.url}/metrics`, { labels: { env: 'prod' }, service: 'api' }),
        target('om', `${app.url}/openmetrics`),
        target('html', `${app.url}/html`),
        target('huge', `${app.url}/huge`, { bodyLimit: 100_000 }),
        target('hang', `${app.url}/hang`, { timeout: 300 }),
        target('error', `${app.url}/500`),
        target('down', `http://127.0.0.1:${closedPort}/metrics`),
      ],
      filter,
    );
    await pool.scrapeAll();
  });

  afterAll(async () => {
    await pool.close();
    await app.close();
  });

  it('adds job, instance and target labels, keeping clashing scraped labels as exported_*', () => {
    expect(query('http_requests_total{code="500"}')).toEqual([
      [
        {
          __name__: 'http_requests_total',
          code: '500',
          method: 'get',
          exported_job: 'inner',
          env: 'prod',
          service: 'api',
          job: 'app',
          instance: app.hostPort,
        },
        10,
      ],
    ]);
  });

  it('keeps only the series some rule selects', () => {
    // The 500s counter (rules select code=~"5.."), the two pool gauges and up.
    expect(query('count({job="app"})')).toEqual([[{}, 4]]);
    expect(query('unrelated_metric_nobody_reads')).toEqual([]);
    expect(query('http_request_duration_seconds_bucket')).toEqual([]);
  });

  it('reads OpenMetrics when the target answers with it', () => {
    expect(query('om_jobs_total')).toEqual([
      [{ __name__: 'om_jobs_total', queue: 'a', job: 'om', instance: app.hostPort }, 7],
    ]);
  });

  it('sets up to 0 for bad targets with a reason, and logs it', () => {
    const up = Object.fromEntries(
      (query('up') as Array<[Record<string, string>, number]>).map(([l, v]) => [l.job, v]),
    );
    expect(up).toEqual({ app: 1, om: 1, html: 0, huge: 0, hang: 0, error: 0, down: 0 });
    const reasons = Object.fromEntries(pool.status().map((s) => [s.job, s.lastError]));
    expect(reasons.html).toBe('line 1: expected a metric name');
    expect(reasons.huge).toBe('body larger than the limit of 100000 bytes');
    expect(reasons.hang).toBe('timed out after 300 ms');
    expect(reasons.error).toBe('server returned HTTP status 500');
    expect(reasons.down).toMatch(/^ECONNREFUSED/);
    expect(logLines.join('')).toContain('"reason":"timed out after 300 ms"');
  });

  it('marks series that disappear as stale', async () => {
    app.state.extra = 'gone_soon 1\n';
    now += 15_000;
    await pool.scrapeAll();
    expect(query('gone_soon')).toHaveLength(1);
    app.state.extra = '';
    now += 15_000;
    await pool.scrapeAll();
    expect(query('gone_soon')).toEqual([]);
    // Counters moved by one tick per scrape: 10 errors per 15 s.
    expect(query('increase(http_requests_total{code="500"}[30s])')).toEqual([
      [expect.objectContaining({ code: '500' }), 20],
    ]);
  });

  it('stops a removed target and ends its series', async () => {
    pool.apply([target('om', `${app.url}/openmetrics`)], filter);
    now += 1_000;
    expect(query('db_pool_connections_in_use')).toEqual([]);
    expect(pool.status().map((s) => s.job)).toEqual(['om']);
  });
});
