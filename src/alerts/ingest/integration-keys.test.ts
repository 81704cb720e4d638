import { describe, expect, it } from 'vitest';
import { integrationsSchema } from '../../config/schema/integrations.js';
import type { IntegrationConfig } from '../../config/index.js';
import { IntegrationKeys } from './integration-keys.js';

const parse = (raw: object): Record<string, IntegrationConfig> => integrationsSchema.parse(raw);

describe('IntegrationKeys', () => {
  const config = parse({
    prom: { type: 'alertmanager', key: 'alertmanager-key-0001' },
    pd: { type: 'pagerduty', key: 'pagerduty-key-00000001' },
  });

  it('resolves a key to its integration when the type matches', () => {
    const keys = new IntegrationKeys(() => config);
    expect(keys.resolve('alertmanager-key-0001', 'alertmanager')).toEqual({
      id: 'prom',
      config: config.prom,
    });
    expect(keys.resolve('pagerduty-key-00000001', 'pagerduty')?.id).toBe('pd');
  });

  it('treats a key of another type, a near miss, or a non-string exactly like an unknown key', () => {
    const keys = new IntegrationKeys(() => config);
    expect(keys.resolve('alertmanager-key-0001', 'pagerduty')).toBeUndefined();
    expect(keys.resolve('alertmanager-key-000', 'alertmanager')).toBeUndefined();
    expect(keys.resolve('alertmanager-key-00011', 'alertmanager')).toBeUndefined();
    expect(keys.resolve('ALERTMANAGER-KEY-0001', 'alertmanager')).toBeUndefined();
    for (const junk of [undefined, null, 42, {}, ['alertmanager-key-0001'], ''])
      expect(keys.resolve(junk, 'alertmanager')).toBeUndefined();
    expect(keys.resolve('x'.repeat(100_000), 'alertmanager')).toBeUndefined();
  });

  it('follows config reloads: a rotated key stops working, the new one works', () => {
    let current = config;
    const keys = new IntegrationKeys(() => current);
    expect(keys.resolve('alertmanager-key-0001', 'alertmanager')?.id).toBe('prom');
    current = parse({ prom: { type: 'alertmanager', key: 'alertmanager-key-0002' } });
    expect(keys.resolve('alertmanager-key-0001', 'alertmanager')).toBeUndefined();
    expect(keys.resolve('alertmanager-key-0002', 'alertmanager')?.config).toBe(current.prom);
  });
});

describe('integration config: webhook mapping', () => {
  const issues = (raw: object) => {
    const r = integrationsSchema.safeParse({ i: { key: '0123456789abcdef', ...raw } });
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('accepts a mapping on a webhook, with alertname mapped or constant', () => {
    expect(issues({ type: 'webhook', mapping: { labels: { alertname: '$.name' } } })).toEqual([]);
    expect(
      issues({
        type: 'webhook',
        labels: { alertname: 'Zabbix' },
        mapping: {
          alerts: '$.events',
          labels: { host: '$.host["name"]', item: '$.items[0].key' },
          annotations: { summary: '$.text' },
          status: { path: '$.status', resolved_values: ['OK'] },
          starts_at: '$.clock',
        },
      }),
    ).toEqual([]);
  });

  it('refuses a mapping on other types, a webhook without one, and no alertname', () => {
    expect(issues({ type: 'pagerduty', mapping: { labels: { alertname: '$.a' } } })).toEqual([
      'i.mapping: is only valid for type webhook (this integration is type pagerduty)',
    ]);
    expect(issues({ type: 'webhook' })).toEqual([
      'i.mapping: is required for type webhook: map JSON paths to labels',
    ]);
    expect(issues({ type: 'webhook', mapping: { labels: { host: '$.h' } } })).toEqual([
      'i.mapping.labels: must map alertname, or set it as a constant in the integration labels',
    ]);
  });

  it('validates paths and label names at load', () => {
    const bad = issues({
      type: 'webhook',
      labels: { 'bad-name': 'x' },
      mapping: {
        labels: { alertname: 'name', ok: '$.a == 1', '0x': '$.b' },
        annotations: { s: '!$.c' },
        status: { path: '$.s', resolved_values: [] },
      },
    });
    expect(bad.join('\n')).toMatch(/labels\.bad-name: .*label name/);
    expect(bad.join('\n')).toMatch(/mapping\.labels\.alertname: expected a path starting with \$/);
    expect(bad.join('\n')).toMatch(/mapping\.labels\.ok: expected a bare JSON path/);
    expect(bad.join('\n')).toMatch(/mapping\.labels\.0x: .*label name/);
    expect(bad.join('\n')).toMatch(/mapping\.annotations\.s: expected a bare JSON path/);
    expect(bad.join('\n')).toMatch(/mapping\.status\.resolved_values: must list at least one/);
    expect(issues({ type: 'webhook', mapping: { labels: {} } })).toContain(
      'i.mapping.labels: must map at least one label',
    );
  });
});
