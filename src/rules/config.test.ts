import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.js';
import { loadErrors, writeTree } from '../config/testing.js';

const SERVICES = 'services:\n  api: {}\n';

async function errorsOf(yaml: string): Promise<string[]> {
  return loadErrors(writeTree({ 'ops.yaml': yaml }));
}

function rule(expr: string, extra = ''): string {
  return `  - { name: R, severity: P1, expr: '${expr}'${extra} }\n`;
}

describe('metrics and alert_rules config', () => {
  it('parses targets and rules with their defaults', async () => {
    const dir = writeTree({
      'ops.yaml': `${SERVICES}metrics:\n  scrape:\n    app: { url: "http://127.0.0.1:9100/metrics", service: api, every: 5s }\nalert_rules:\n${rule('up == 0', ', service: api, for: 5m')}`,
    });
    const { config } = await loadConfig(dir, {});
    expect(config.metrics).toEqual({
      scrape: {
        app: {
          url: 'http://127.0.0.1:9100/metrics',
          every: 5_000,
          timeout: 5_000,
          labels: {},
          service: 'api',
          body_limit: 10 * 1024 * 1024,
        },
      },
      evaluation_interval: 15_000,
    });
    expect(config.alert_rules).toEqual([
      {
        name: 'R',
        expr: 'up == 0',
        for: 300_000,
        keep_firing_for: 0,
        severity: 'P1',
        service: 'api',
        labels: {},
        annotations: {},
      },
    ]);
  });

  it('names the unsupported construct and the syntax error in expr', async () => {
    const yaml = `alert_rules:\n${rule('rate(x[5m:1m]) > 0')}${rule('label_replace(up, "a", "b", "c", "d")')}${rule('stddev(up)')}${rule('up{')}${rule('up[5m]')}${rule('rate(up) > 1')}${rule('up @ 100')}`;
    expect(await errorsOf(yaml)).toEqual([
      'ops.yaml:2:36: alert_rules[0].expr: subquery is not supported',
      'ops.yaml:3:36: alert_rules[1].expr: function "label_replace" is not supported',
      'ops.yaml:4:36: alert_rules[2].expr: aggregation "stddev" is not supported',
      'ops.yaml:5:36: alert_rules[3].expr: syntax error at character 4: unexpected end of input',
      'ops.yaml:6:36: alert_rules[4].expr: a rule must produce an instant vector or a scalar, not a range vector',
      'ops.yaml:7:36: alert_rules[5].expr: call to function "rate": expected type range vector, got instant vector',
      'ops.yaml:8:36: alert_rules[6].expr: @ modifier is not supported',
    ]);
  });

  it('cross-checks severities and services, and validates templates and label names', async () => {
    const yaml = [
      SERVICES.trimEnd(),
      'metrics:',
      '  scrape:',
      '    app: { url: "http://127.0.0.1:1/metrics", service: apii, every: 5s, timeout: 6s }',
      'alert_rules:',
      '  - name: R',
      '    expr: up == 0',
      '    severity: P9',
      '    service: ap',
      '    labels: { alertname: x, "bad-name": y, team: "{{ $labels.team }}" }',
      '    annotations: { summary: "{{ range .Alerts }}x{{ end }}" }',
      '',
    ].join('\n');
    expect(await errorsOf(yaml)).toEqual([
      "ops.yaml:5:56: metrics.scrape.app.service: unknown service 'apii': not defined under services (did you mean 'api'?)",
      'ops.yaml:5:82: metrics.scrape.app.timeout: must not be longer than `every`',
      "ops.yaml:9:15: alert_rules[0].severity: unknown severity 'P9': not defined under severities (did you mean 'P0'?)",
      "ops.yaml:10:14: alert_rules[0].service: unknown service 'ap': not defined under services (did you mean 'api'?)",
      "ops.yaml:11:26: alert_rules[0].labels.alertname: is set by Opsdeck from the rule's name",
      'ops.yaml:11:41: alert_rules[0].labels.bad-name: is not a label name (expected [a-zA-Z_][a-zA-Z0-9_]*, not starting with __)',
      'ops.yaml:12:29: alert_rules[0].annotations.summary: unsupported template action {{ range .Alerts }}',
    ]);
  });

  it('refuses scrape targets together with a Prometheus server', async () => {
    const yaml =
      'metrics:\n  prometheus: { url: "http://127.0.0.1:9090" }\n  scrape:\n    a: { url: "http://127.0.0.1:1/metrics" }\n';
    expect(await errorsOf(yaml)).toEqual([
      'ops.yaml:4:5: metrics.scrape: is not used when metrics.prometheus is set (rules then query Prometheus); remove one of them',
    ]);
  });
});
