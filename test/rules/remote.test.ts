/**
 * `metrics.prometheus.url` mode against the real Prometheus: it scrapes node_exporter and two
 * apps every second; the RuleEngine evaluates the handbook rules as instant queries through
 * its HTTP API and submits alerts to the real AlertStore. Query errors and an unreachable
 * Prometheus are recorded per rule, never thrown.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { AlertStore } from '../../src/alerts/store/alert-store.js';
import { opsConfigSchema } from '../../src/config/index.js';
import { RuleEngine } from '../../src/rules/index.js';
import { createLogger } from '../../src/telemetry/logger.js';
import { describeEachDialect } from '../support/dialects.js';
import { freePort } from '../support/free-port.js';
import { startNodeExporter, startPrometheus, type RunningTool } from '../support/prom-tools.js';
import { promQuery } from './prom-api.js';
import { until } from '../support/until.js';
import { AppServer, HEALTHY, UNHEALTHY } from './app-server.js';
import { HANDBOOK_RULES_YAML } from './handbook-rules.js';

function promConfig(jobs: Record<string, string>): string {
  const scrape = Object.entries(jobs).map(
    ([job, target]) => `  - job_name: ${job}\n    static_configs:\n      - targets: ['${target}']`,
  );
  return `global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n${scrape.join('\n')}\n`;
}

describeEachDialect('rules evaluated by a real Prometheus', (ctx) => {
  const logger = createLogger({ level: 'silent' });
  const bad = new AppServer(false);
  const good = new AppServer(false);
  let exporter: RunningTool;
  let prometheus: RunningTool;
  let alerts: AlertStore;
  let engine: RuleEngine;
  let ticker: NodeJS.Timeout;

  const config = (url: string, extraRules: object[] = []) =>
    opsConfigSchema.parse({
      ...parseYaml(HANDBOOK_RULES_YAML),
      metrics: { prometheus: { url, timeout: '2s' }, evaluation_interval: '1s' },
      alert_rules: [
        ...(parseYaml(HANDBOOK_RULES_YAML) as { alert_rules: object[] }).alert_rules,
        ...extraRules,
      ],
    });

  beforeAll(async () => {
    await Promise.all([bad.start(), good.start()]);
    Object.assign(bad.state, UNHEALTHY);
    Object.assign(good.state, HEALTHY);
    ticker = setInterval(() => (bad.tick(), good.tick()), 200);
    exporter = await startNodeExporter();
    prometheus = await startPrometheus(
      promConfig({
        node: exporter.url.replace('http://', ''),
        bad: bad.hostPort,
        good: good.hostPort,
      }),
    );
    await until(
      async () =>
        ((await promQuery(prometheus.url, 'count_over_time(up{job="good"}[1m])', Date.now()))[0]
          ?.value ?? 0) >= 3,
      20_000,
    );
    const loaded = config(prometheus.url, [
      // Fails inside Prometheus (many-to-many matching): an error on this rule only.
      {
        name: 'Broken',
        expr: 'http_requests_total / on () db_pool_connections_max',
        severity: 'P3',
      },
    ]);
    alerts = new AlertStore({ store: ctx.store(), logger, settings: () => loaded.alerts });
    await alerts.start();
    engine = new RuleEngine({ sink: alerts, logger });
    engine.start(loaded);
  }, 60_000);

  afterAll(async () => {
    clearInterval(ticker);
    await engine?.close();
    await alerts?.close();
    await prometheus?.stop();
    await exporter?.stop();
    await Promise.all([bad.close(), good.close()]);
  });

  const firing = (name: string) =>
    [...alerts.all()]
      .filter((a) => a.labels.alertname === name && a.endsAt > Date.now())
      .map((a) => a.labels.job ?? a.labels.instance);

  it('fires the app thresholds for the unhealthy app only', async () => {
    await until(
      () =>
        ['HighErrorRate', 'HighLatencyP95', 'DbPoolExhausted'].every((n) => firing(n).length > 0),
      15_000,
    );
    expect(firing('HighErrorRate')).toEqual(['bad']);
    expect(firing('HighLatencyP95')).toEqual(['bad']);
    expect(firing('DbPoolExhausted')).toEqual(['bad']);
    const summary = [...alerts.all()].find((a) => a.labels.alertname === 'HighErrorRate')!
      .annotations.summary;
    expect(summary).toBe('10% of bad requests fail');
  });

  it('evaluates every handbook rule without error; the broken one keeps its error', () => {
    const status = engine.rules();
    for (const rule of status.filter((r) => r.name !== 'Broken'))
      expect([rule.name, rule.lastError]).toEqual([rule.name, null]);
    const broken = status.find((r) => r.name === 'Broken')!;
    expect(broken.health).toBe('error');
    expect(broken.lastError).toMatch(
      /^Prometheus: execution: found duplicate series .*many-to-many matching not allowed/,
    );
    expect(engine.targets()).toEqual([]);
  });

  it('records an unreachable Prometheus on every rule and recovers on reload', async () => {
    const deadUrl = `http://127.0.0.1:${await freePort()}`;
    engine.apply(config(deadUrl));
    await until(
      () => engine.rules().every((r) => r.lastError?.startsWith('Prometheus query failed')),
      10_000,
    );
    engine.apply(config(prometheus.url));
    await until(() => engine.rules().every((r) => r.health === 'ok'), 10_000);
    // Unchanged rules kept their state through both reloads.
    expect(firing('HighErrorRate')).toEqual(['bad']);
  });
});
