/**
 * The RuleEngine end to end in local mode: it scrapes a live app, evaluates rules every second
 * and submits alerts to the real AlertStore (both dialects). Error rate 10% fires, 1% resolves;
 * a rule that fails at evaluation keeps its error and does not stop the others; removing a
 * rule on reload resolves its alerts.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { opsConfigSchema, type OpsConfig } from '../../src/config/index.js';
import { AlertStore } from '../../src/alerts/store/alert-store.js';
import { RuleEngine } from '../../src/rules/index.js';
import { createLogger } from '../../src/telemetry/logger.js';
import { describeEachDialect } from '../support/dialects.js';
import { until } from '../support/until.js';
import { AppServer } from './app-server.js';

const ERROR_RULE = {
  name: 'HighErrorRate',
  expr: 'sum by (job) (rate(http_requests_total{code=~"5.."}[4s])) / sum by (job) (rate(http_requests_total[4s])) > 0.05',
  severity: 'P1',
  service: 'api',
  labels: { team: 'sre' },
  annotations: { summary: '{{ $labels.job }}: {{ $value | humanizePercentage }} of requests fail' },
};
const BROKEN_RULE = {
  name: 'Broken',
  // Two request series on the left, one pool series on the right, no group_left: fails.
  expr: 'http_requests_total / on () db_pool_connections_max',
  severity: 'P3',
};

function rulesConfig(appUrl: string, rules: object[]): OpsConfig {
  return opsConfigSchema.parse({
    services: { api: {} },
    metrics: {
      evaluation_interval: '1s',
      scrape: { shop: { url: `${appUrl}/metrics`, every: '1s' } },
    },
    alert_rules: rules,
  });
}

describeEachDialect('RuleEngine', (ctx) => {
  const app = new AppServer(true);
  const logger = createLogger({ level: 'silent' });
  let alerts: AlertStore;
  let engine: RuleEngine;
  let appUrl = '';

  beforeAll(async () => {
    appUrl = (await app.start()).url;
    const config = rulesConfig(appUrl, [ERROR_RULE, BROKEN_RULE]);
    alerts = new AlertStore({ store: ctx.store(), logger, settings: () => config.alerts });
    await alerts.start();
    engine = new RuleEngine({ sink: alerts, logger, generatorUrl: 'http://opsdeck.test/rules' });
    engine.start(config);
  });

  afterAll(async () => {
    await engine?.close();
    await alerts?.close();
    await app.close();
  });

  const held = () => [...alerts.all()].filter((a) => a.labels.alertname === 'HighErrorRate');

  it('fires at a 10% error rate, with templated labels and annotations', async () => {
    await until(() => held().some((a) => a.endsAt > Date.now()), 15_000);
    const [alert] = held();
    expect(alert!.source).toBe('rule');
    expect(alert!.labels).toEqual({
      alertname: 'HighErrorRate',
      severity: 'P1',
      service: 'api',
      team: 'sre',
      job: 'shop',
    });
    expect(alert!.annotations.summary).toBe('shop: 10% of requests fail');
    expect(alert!.generatorURL).toBe('http://opsdeck.test/rules?alertname=HighErrorRate');
    // Prometheus' resend rule: valid for 4 × max(interval, 1 min).
    expect(alert!.endsAt - alert!.updatedAt).toBeGreaterThan(3.9 * 60_000);
    const status = engine.rules();
    expect(status.map((r) => [r.name, r.state, r.health])).toEqual([
      ['HighErrorRate', 'firing', 'ok'],
      ['Broken', 'inactive', 'error'],
    ]);
    expect(status[1]!.lastError).toMatch(/many-to-one matching must be explicit/);
    expect(engine.targets().map((t) => [t.job, t.up])).toEqual([['shop', true]]);
  });

  it('resolves when the error rate drops to 1%', async () => {
    app.state.perTick = { '200': 99, '500': 1 };
    await until(() => held().every((a) => a.endsAt <= Date.now()), 15_000);
    expect(engine.rules()[0]!.state).toBe('inactive');
  });

  it('resolves the alerts of a rule removed on reload', async () => {
    app.state.perTick = { '200': 50, '500': 50 };
    await until(() => held().some((a) => a.endsAt > Date.now()), 15_000);
    engine.apply(rulesConfig(appUrl, [BROKEN_RULE]));
    await until(() => held().every((a) => a.endsAt <= Date.now()), 5_000);
    expect(engine.rules().map((r) => r.name)).toEqual(['Broken']);
  });
});
