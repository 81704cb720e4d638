/**
 * Routing to notifications through the real app and a real webhook receiver on 127.0.0.1:
 * Alertmanager's webhook payload, grouping, resolution, and every way an alert is held back
 * (silences, inhibition, maintenance windows, mute time intervals, dependencies).
 */
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { SAMPLE_CONFIG, startTestApp, type TestApp } from '../support/app.js';
import { until } from '../support/until.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';
import { SYSTEM_ACTOR } from '../../src/auth/index.js';

const KEY = 'dispatch-key-0123456789';
const SECRET = 'hmac-secret-value';

function config(hook: string): string {
  const hour = 3_600_000;
  return `${SAMPLE_CONFIG}
channels:
  hook: { type: webhook, url: "${hook}/hook", secret: ${SECRET} }
  quiet: { type: webhook, url: "${hook}/quiet" }
integrations:
  prom: { type: alertmanager, key: ${KEY} }
time_intervals:
  - name: always
    time_intervals: [{ times: [{ start_time: "00:00", end_time: "24:00" }] }]
routes:
  group_by: [alertname, service]
  group_wait: 0s
  group_interval: 1s
  repeat_interval: 1h
  notify: [hook]
  severity_map: { critical: P1, warning: P3 }
  routes:
    - matchers: ['team="muted"']
      notify: [quiet]
      mute_time_intervals: [always]
inhibit_rules:
  - source_matchers: ['severity="critical"']
    target_matchers: ['severity="warning"']
    equal: [instance]
maintenance_windows:
  web-upgrade:
    services: [web]
    starts: "${new Date(Date.now() - hour).toISOString()}"
    ends: "${new Date(Date.now() + hour).toISOString()}"
`;
}

type Payload = {
  status: string;
  groupKey: string;
  alerts: Array<{ status: string; labels: Record<string, string>; fingerprint: string }>;
  severity: string | null;
  dependents: Array<{ labels: Record<string, string> }>;
  version: string;
};

describeEachDialect('alert dispatch to webhooks', (ctx) => {
  let t: TestApp;
  let hook: WebhookReceiver;
  beforeAll(async () => {
    hook = await startWebhookReceiver();
    t = await startTestApp(ctx.store(), config(hook.url));
  });
  afterAll(async () => {
    await t?.close();
    await hook?.close();
  });

  const post = async (alerts: unknown[]) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v2/alerts',
      headers: { authorization: `Bearer ${KEY}` },
      payload: alerts as object[],
    });
    expect(res.statusCode, res.body).toBe(200);
  };
  const payloads = (alertname: string) =>
    hook.received
      .map((r) => r.body as Payload)
      .filter((p) => p.alerts.some((a) => a.labels.alertname === alertname));
  const v2 = async (alertname: string) => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v2/alerts?filter=alertname%3D"${alertname}"`,
      headers: t.auth('viewer'),
    });
    return res.json() as Array<{ status: Record<string, unknown> }>;
  };
  /** Proves a negative: a later control alert is delivered, and a group interval passes. */
  const settle = async (control: string) => {
    await post([{ labels: { alertname: control } }]);
    await until(() => payloads(control).length > 0);
    await new Promise((r) => setTimeout(r, 1_300));
  };

  it('sends Alertmanager’s webhook payload, signed, and the resolution after', async () => {
    await post([
      { labels: { alertname: 'Disk', service: 'api', severity: 'critical', instance: 'a' } },
    ]);
    await until(() => payloads('Disk').length > 0);
    const [first] = hook.received.filter((r) => (r.body as Payload).groupKey?.includes('Disk'));
    const body = first!.body as Payload;
    expect(body).toMatchObject({ version: '4', status: 'firing', severity: 'P1' });
    expect(body.groupKey).toBe('{}:{alertname="Disk", service="api"}');
    const sig = createHmac('sha256', SECRET).update(first!.raw).digest('hex');
    expect(first!.headers['x-opsdeck-signature']).toBe(`sha256=${sig}`);

    await post([
      {
        labels: { alertname: 'Disk', service: 'api', severity: 'critical', instance: 'a' },
        endsAt: new Date(Date.now() - 1000).toISOString(),
      },
    ]);
    await until(() => payloads('Disk').some((p) => p.status === 'resolved'));
    expect(payloads('Disk').filter((p) => p.status === 'firing')).toHaveLength(1);
  });

  it('holds back silenced alerts and says which silence', async () => {
    const silence = await t.silences.create(
      {
        matchers: [{ name: 'alertname', type: '=', value: 'Silenced' }],
        endsAt: Date.now() + 3_600_000,
        createdBy: 'test',
        comment: 'test',
      },
      { actor: SYSTEM_ACTOR },
    );
    await post([{ labels: { alertname: 'Silenced', service: 'api' } }]);
    await settle('AfterSilenced');
    expect(payloads('Silenced')).toHaveLength(0);
    const [a] = await v2('Silenced');
    expect(a!.status).toMatchObject({ state: 'suppressed', silencedBy: [silence.id] });
  });

  it('inhibits a warning while a critical alert with the same instance fires', async () => {
    await post([
      { labels: { alertname: 'NodeDown', severity: 'critical', instance: 'n1' } },
      { labels: { alertname: 'HighLoad', severity: 'warning', instance: 'n1' } },
      { labels: { alertname: 'HighLoad', severity: 'warning', instance: 'n2' } },
    ]);
    await until(() => payloads('NodeDown').length > 0 && payloads('HighLoad').length > 0);
    await settle('AfterInhibit');
    const loads = payloads('HighLoad').flatMap((p) => p.alerts.map((a) => a.labels.instance));
    expect(new Set(loads)).toEqual(new Set(['n2']));
    const held = (await v2('HighLoad')).find((a) => (a.status.inhibitedBy as string[]).length > 0);
    expect(held?.status.state).toBe('suppressed');
  });

  it('mutes a service in a maintenance window and a route in a mute time interval', async () => {
    await post([
      { labels: { alertname: 'WebSlow', service: 'web' } },
      { labels: { alertname: 'MutedRoute', team: 'muted' } },
    ]);
    await settle('AfterMaintenance');
    expect(payloads('WebSlow')).toHaveLength(0);
    expect(payloads('MutedRoute')).toHaveLength(0);
    const [web] = await v2('WebSlow');
    expect(web!.status).toMatchObject({
      state: 'suppressed',
      mutedBy: ['maintenance:web-upgrade'],
    });
  });

  it('pages once for a database outage: dependents ride along with the parent', async () => {
    // api depends on postgres (SAMPLE_CONFIG); web depends on api.
    await post([{ labels: { alertname: 'CheckDown', service: 'postgres', check: 'tcp' } }]);
    await until(() => payloads('CheckDown').length > 0);
    await post([
      { labels: { alertname: 'ApiErrors', service: 'api' } },
      { labels: { alertname: 'CheckDown', service: 'api', check: 'health' } },
    ]);
    await settle('AfterDependency');
    expect(payloads('ApiErrors')).toHaveLength(0);
    const [api] = await v2('ApiErrors');
    expect(api!.status).toMatchObject({ state: 'suppressed', suppressedBy: 'postgres' });
    const groups = await t.app.inject({
      method: 'GET',
      url: '/api/v1/alert-groups?filter=service%3D"postgres"',
      headers: t.auth('viewer'),
    });
    // Every firing alert of api (the silenced one from an earlier test too) rides along.
    const dependents = (
      groups.json().items[0].dependents as Array<{ labels: Record<string, string> }>
    ).map((d) => d.labels.alertname);
    expect(dependents).toEqual(expect.arrayContaining(['ApiErrors', 'CheckDown', 'Silenced']));
    expect(dependents).toHaveLength(3);
  });

  it('counts what it did in /metrics', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    const text = res.body;
    expect(text).toMatch(/opsdeck_alerts_received_total\{source="integration:prom"\} [1-9]/);
    expect(text).toMatch(/opsdeck_alerts\{state="suppressed"\} [1-9]/);
    expect(text).toMatch(/opsdeck_alert_commit_batch_size_count [1-9]/);
    expect(text).toMatch(/opsdeck_alert_notifications_total\{outcome="sent"\} [1-9]/);
  });

  it('regroups under the new routes after a reload', async () => {
    const next = config(hook.url).replace(
      'group_by: [alertname, service]',
      'group_by: [alertname]',
    );
    writeFileSync(t.configPath, next);
    const res = await t.app.inject({ method: 'POST', url: '/-/reload', headers: t.auth('admin') });
    expect(res.statusCode, res.body).toBe(200);
    await post([{ labels: { alertname: 'Reloaded', service: 'billing' } }]);
    await until(() => payloads('Reloaded').length > 0);
    expect(payloads('Reloaded')[0]!.groupKey).toBe('{}:{alertname="Reloaded"}');
  });
});
