/**
 * The real Prometheus scrapes a live app whose counters we control, and so do we. Both must
 * see the same series (job/instance/exported_job labels, `up` of a dead target), and on the
 * samples Prometheus stored, our evaluator must give Prometheus' own answers for rate,
 * increase, histogram_quantile and aggregations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/telemetry/logger.js';
import { labelsKey } from '../../src/rules/promql/labels.js';
import { Evaluator } from '../../src/rules/promql/eval.js';
import { parsePromql } from '../../src/rules/promql/parse.js';
import { selectorsOf, SeriesFilter } from '../../src/rules/scrape/filter.js';
import { ScrapePool } from '../../src/rules/scrape/pool.js';
import { SeriesStore } from '../../src/rules/storage/series-store.js';
import { freePort } from '../support/free-port.js';
import { scrapeConfig, startPrometheus, type RunningTool } from '../support/prom-tools.js';
import { promQuery, promRawSamples } from './prom-api.js';
import { until } from '../support/until.js';
import { AppServer } from './app-server.js';
import { expectSameResult, ours, theirs } from './compare.js';

const QUERIES = [
  'rate(http_requests_total[5s])',
  'increase(http_requests_total{code="500"}[4s])',
  'irate(http_requests_total[3s])',
  'sum by (code) (rate(http_requests_total[5s]))',
  'sum(rate(http_requests_total{code=~"5.."}[5s])) / sum(rate(http_requests_total[5s]))',
  'histogram_quantile(0.95, sum by (le, route) (rate(http_request_duration_seconds_bucket[5s])))',
  'histogram_quantile(0.5, http_request_duration_seconds_bucket)',
  'avg_over_time(db_pool_connections_in_use[5s])',
  'max(db_pool_connections_in_use / db_pool_connections_max)',
  'up',
];

describe('live scraping vs the real Prometheus', () => {
  const app = new AppServer(false);
  let prometheus: RunningTool;
  let pool: ScrapePool;
  let ticker: NodeJS.Timeout;
  let deadTarget = '';
  const ownStore = new SeriesStore({ capacity: 1_000, retentionMs: 3_600_000 });

  beforeAll(async () => {
    await app.start();
    app.state.latency = { '/api': 0.2, '/slow': 1.7 };
    let n = 0;
    ticker = setInterval(() => {
      // Error share and pool use change over time, so rates are not constant.
      app.state.perTick = { '200': 80 + (n % 7) * 5, '500': 3 + (n % 4) };
      app.state.poolInUse = 5 + (n % 15);
      app.tick();
      n++;
    }, 250);
    deadTarget = `127.0.0.1:${await freePort()}`;
    const yaml = scrapeConfig('app', [app.hostPort]).replace(
      'scrape_configs:',
      `scrape_configs:\n  - job_name: dead\n    scrape_interval: 1s\n    scrape_timeout: 1s\n    static_configs:\n      - targets: ['${deadTarget}']`,
    );
    prometheus = await startPrometheus(yaml);
    const filter = new SeriesFilter(QUERIES.flatMap((q) => selectorsOf(parsePromql(q).expr)));
    pool = new ScrapePool(ownStore, filter, createLogger({ level: 'silent' }));
    const target = {
      every: 1_000,
      timeout: 1_000,
      bodyLimit: 1 << 20,
      labels: {},
      service: undefined,
    };
    pool.apply(
      [
        { ...target, job: 'app', url: `${app.url}/metrics` },
        { ...target, job: 'dead', url: `http://${deadTarget}/metrics` },
      ],
      filter,
    );
    // Enough scrapes for 5 s windows on both sides.
    await until(
      async () =>
        ((await promQuery(prometheus.url, 'count_over_time(up{job="app"}[10s])', Date.now()))[0]
          ?.value ?? 0) >= 7,
      20_000,
    );
  }, 40_000);

  afterAll(async () => {
    clearInterval(ticker);
    await pool?.close();
    await prometheus?.stop();
    await app.close();
  });

  it('sees the same series with the same labels as Prometheus', async () => {
    const now = Date.now();
    const selector = '{__name__=~"http_requests_total|db_pool_connections_in_use|up"}';
    const keys = (labels: Array<{ labels: Record<string, string> }>) =>
      labels.map((r) => labelsKey(r.labels)).sort();
    const mine = new Evaluator(ownStore).evaluate(parsePromql(selector).expr, now);
    const want = await promQuery(prometheus.url, selector, now);
    expect(mine.type === 'vector' ? keys(mine.samples) : mine).toEqual(keys(want));
    const up = (results: Array<{ labels: Record<string, string>; value: number }>) =>
      Object.fromEntries(
        results.filter((r) => r.labels.__name__ === 'up').map((r) => [r.labels.job, r.value]),
      );
    expect(up(mine.type === 'vector' ? mine.samples : [])).toEqual({ app: 1, dead: 0 });
    expect(up(want)).toEqual({ app: 1, dead: 0 });
  });

  it('answers like Prometheus on the samples Prometheus scraped', async () => {
    const time = Date.now() - 500;
    const store = new SeriesStore({ capacity: 1_000, retentionMs: Infinity });
    for (const s of await promRawSamples(prometheus.url, '{job=~"app|dead"}', '1m', time))
      for (const [t, v] of s.points) store.append(s.labels, t, v);
    const evaluator = new Evaluator(store);
    for (const query of QUERIES) {
      const want = theirs(await promQuery(prometheus.url, query, time));
      expect(want.size, query).toBeGreaterThan(0);
      expectSameResult(query, ours(evaluator.evaluate(parsePromql(query).expr, time)), want);
    }
  });
});
