/**
 * The gold standard: the real Prometheus (Debian's /usr/bin/prometheus) and our evaluator answer
 * the same instant queries over the same samples. The history (promql-data.ts) is backfilled
 * into Prometheus with promtool and read into our SeriesStore with our OpenMetrics parser.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { Evaluator } from '../../src/rules/promql/eval.js';
import { parsePromql } from '../../src/rules/promql/parse.js';
import { parseExposition } from '../../src/rules/scrape/exposition.js';
import { SeriesStore } from '../../src/rules/storage/series-store.js';
import { backfillOpenMetrics, startPrometheus, type RunningTool } from '../support/prom-tools.js';
import { promQuery } from './prom-api.js';
import { expectSameResult, ours, theirs } from './compare.js';
import { historyOpenMetrics, T0 } from './promql-data.js';

const QUERIES = [
  // selectors, matchers, offset
  'http_requests_total',
  'http_requests_total{code=~"5..|404",method!="post"}',
  'http_requests_total{code!~"2.."} offset 3m',
  '{__name__=~"db_pool_.*",pool="main"}',
  'temperature',
  // range functions
  'rate(http_requests_total[5m])',
  'rate(http_requests_total{code="200"}[1m])',
  'irate(http_requests_total[2m])',
  'increase(http_requests_total[10m])',
  'increase(http_requests_total[5m] offset 2m)',
  'delta(temperature[5m])',
  'avg_over_time(temperature[5m])',
  'min_over_time(temperature[10m])',
  'max_over_time(db_pool_in_use[3m])',
  'sum_over_time(db_pool_in_use[5m])',
  'count_over_time(temperature[7m])',
  'quantile_over_time(0.9, temperature[10m])',
  'quantile_over_time(0.25, db_pool_in_use[5m])',
  // aggregations
  'sum(rate(http_requests_total[5m]))',
  'sum by (code) (rate(http_requests_total[5m]))',
  'sum without (method, instance) (rate(http_requests_total[5m]))',
  'avg by (room) (temperature)',
  'avg(temperature)',
  'min(temperature)',
  'max by (job) (temperature)',
  'count by (code) (http_requests_total)',
  'count(temperature > 0)',
  'quantile(0.5, temperature)',
  'quantile by (method) (0.9, rate(http_requests_total[5m]))',
  'topk(2, rate(http_requests_total[5m]))',
  'bottomk(1, temperature)',
  // histograms
  'histogram_quantile(0.95, sum by (le, route) (rate(http_request_duration_seconds_bucket[5m])))',
  'histogram_quantile(0.5, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))',
  'histogram_quantile(0.99, http_request_duration_seconds_bucket)',
  'histogram_quantile(0, http_request_duration_seconds_bucket{route="/a"})',
  'histogram_quantile(1, rate(http_request_duration_seconds_bucket[1m]))',
  // arithmetic, precedence, comparisons
  'sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m]))',
  'sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) > 0.01',
  'db_pool_in_use / db_pool_max * 100',
  'db_pool_in_use / db_pool_max > 0.5',
  'db_pool_in_use / db_pool_max > bool 0.5',
  '0.5 < db_pool_in_use / db_pool_max',
  'db_pool_in_use >= 10',
  'db_pool_in_use == bool 10',
  'db_pool_in_use != 10',
  'temperature <= 0',
  'temperature % 7',
  'temperature ^ 2',
  '-temperature',
  '1 + 2 * 3 - 4 / 2',
  '2 ^ 3 ^ 2',
  '-2 ^ 2',
  '7 % -3',
  '1 / 0',
  '-1 / 0',
  '0 / 0',
  '3 > bool 2',
  '2 == bool 3',
  'db_pool_in_use - 1 / 0',
  // vector matching
  'db_pool_in_use / on (pool) db_pool_max',
  'db_pool_in_use / ignoring (job) db_pool_max',
  'db_pool_in_use > on (pool, job, instance) db_pool_max * 0.5',
  'rate(http_requests_total[5m]) / ignoring (code) group_left sum without (code) (rate(http_requests_total[5m]))',
  'sum without (method) (rate(http_requests_total[5m])) / on (job) group_left sum by (job) (rate(http_requests_total[5m]))',
  'sum by (job) (db_pool_max) * on (job) group_right db_pool_in_use',
  'db_pool_in_use and db_pool_in_use > 10',
  'db_pool_in_use unless db_pool_in_use > 10',
  'temperature > 5 or temperature < -5',
  'temperature and on (room) temperature > 0',
  'db_pool_in_use or on (pool) temperature',
  // functions
  'abs(temperature)',
  'clamp(temperature, -3, 3)',
  'clamp(temperature, 3, -3)',
  'clamp_min(temperature, 0)',
  'clamp_max(temperature, 1)',
  'time()',
  'time() - 60',
  'vector(1)',
  'vector(time())',
  'scalar(sum(db_pool_max))',
  'scalar(db_pool_max)',
  'db_pool_in_use / scalar(sum(db_pool_max))',
  'clamp_max(db_pool_in_use, scalar(avg(db_pool_in_use)))',
];

/** Evaluation instants: inside the history, just after room c stops, after its lookback ends. */
const TIMES = [
  T0 + 10 * 60_000,
  T0 + 12 * 60_000 + 37_123,
  T0 + 14 * 60_000,
  T0 + 16 * 60_000,
  T0 + 29 * 60_000,
];

describe('PromQL subset vs the real Prometheus', () => {
  let prometheus: RunningTool;
  const store = new SeriesStore({ capacity: 1_000, retentionMs: Infinity });
  const evaluator = new Evaluator(store);

  beforeAll(async () => {
    const text = historyOpenMetrics();
    for (const s of parseExposition(text, 'openmetrics'))
      store.append({ __name__: s.name, ...s.labels }, s.timestamp!, s.value);
    prometheus = await startPrometheus('global: {}\n', await backfillOpenMetrics(text));
  }, 60_000);

  afterAll(async () => {
    await prometheus?.stop();
  });

  it.each(QUERIES)('%s', async (query) => {
    const { expr } = parsePromql(query);
    for (const time of TIMES) {
      const want = theirs(await promQuery(prometheus.url, query, time));
      const got = ours(evaluator.evaluate(expr, time));
      expectSameResult(`${query} @ ${time - T0} ms`, got, want);
    }
  });
});
