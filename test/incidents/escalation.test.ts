/**
 * Paging end to end on the real app and both databases: an alert routed to an escalation
 * policy opens an incident, pages step 1 at once and step 2 after its delay, stops when
 * someone acknowledges (API or signed link), survives a restart without paging twice.
 */
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { clearIncidents } from '../support/incidents.js';
import { startTestApp, type TestApp } from '../support/app.js';
import {
  startWebhookReceiver,
  type Received,
  type WebhookReceiver,
} from '../support/webhook-receiver.js';
import { until } from '../support/until.js';
import type { IncidentView } from '../../src/incidents/index.js';

function configFor(url: string, stepAfter = '1s', extra = '') {
  return `${extra}
people:
  alice: { name: Alice, email: alice@example.com, notify: { default: [alice-hook] } }
  bob:
    name: Bob
    notify: { P1: [bob-hook, { channel: bob-late, after: 400ms }] }
  carol: { name: Carol, notify: { default: [carol-hook] } }
channels:
  alice-hook: { type: webhook, url: "${url}/alice" }
  bob-hook: { type: webhook, url: "${url}/bob" }
  bob-late: { type: webhook, url: "${url}/bob-late" }
  carol-hook: { type: webhook, url: "${url}/carol" }
  room: { type: webhook, url: "${url}/room" }
escalation_policies:
  default:
    steps:
      - notify: [person:alice, channel:room]
      - { after: ${stepAfter}, notify: [person:carol] }
  bobs: { steps: [{ notify: [person:bob] }] }
services:
  api: {}
  db: { escalation: bobs }
routes:
  group_wait: 0s
  group_interval: 1s
  group_by: [alertname, service]
  routes:
    - { matchers: ['severity="P1"'], escalation: default }
`;
}

describeEachDialect('escalation', (ctx) => {
  let receiver: WebhookReceiver;
  let t: TestApp;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  afterAll(() => receiver.close());
  beforeEach(async () => {
    receiver.received.length = 0;
    await clearIncidents(ctx.store().db);
  });
  afterEach(() => t?.close());

  const at = (path: string) => receiver.received.filter((r) => r.path === path);
  /** The Opsdeck webhook body (src/notify/channels/webhook), as far as these tests read it. */
  interface Page {
    event: string;
    recipient: { id: string } | null;
    links: { view: string; acknowledge: string; resolve: string };
    incident: { step: number };
  }
  const bodyOf = (r: Received) => r.body as Page;

  async function fire(alertname: string, service = 'api', endsAt?: string) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v2/alerts',
      headers: t.auth('responder'),
      payload: [
        {
          labels: { alertname, service, severity: 'P1' },
          annotations: { summary: `${alertname} on ${service}` },
          ...(endsAt ? { endsAt } : {}),
        },
      ],
    });
    expect(res.statusCode).toBe(200);
  }

  async function incident(id: number) {
    const res = await t.app.inject({ url: `/api/v1/incidents/${id}`, headers: t.auth('viewer') });
    expect(res.statusCode).toBe(200);
    return res.json();
  }

  async function openIncidents() {
    const res = await t.app.inject({
      url: '/api/v1/incidents?status=open',
      headers: t.auth('viewer'),
    });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as IncidentView[];
    expect(items.length).toBeGreaterThan(0);
    return items as [IncidentView, ...IncidentView[]];
  }

  it('pages step 1 at once, step 2 after its delay, and stops on acknowledgement', async () => {
    t = await startTestApp(ctx.store(), configFor(receiver.url));
    await fire('HighErrorRate');
    await until(() => at('/alice').length === 1 && at('/room').length === 1);
    const page = bodyOf(at('/alice')[0]!);
    expect(page).toMatchObject({
      version: '1',
      event: 'incident.triggered',
      severity: 'P1',
      incident: {
        title: 'HighErrorRate on api',
        severity: 'P1',
        service: 'api',
        status: 'triggered',
        step: 0,
      },
      recipient: { id: 'alice', name: 'Alice', email: 'alice@example.com' },
    });
    expect(page.links.acknowledge).toMatch(/\/act\/[\w-]+\.[\w-]+$/);
    expect(bodyOf(at('/room')[0]!).recipient).toBeNull();

    const [open] = await openIncidents();
    expect(open).toMatchObject({
      status: 'triggered',
      escalation: { policy: 'default', step: 1, steps: 2 },
    });
    await until(() => at('/carol').length === 1, 5_000);
    expect(bodyOf(at('/carol')[0]!)).toMatchObject({
      event: 'incident.escalated',
      incident: { step: 1 },
    });

    const acked = await t.app.inject({
      method: 'POST',
      url: `/api/v1/incidents/${open.id}/acknowledge`,
      headers: t.auth('responder'),
    });
    expect(acked.statusCode).toBe(200);
    expect(acked.json()).toMatchObject({
      status: 'acknowledged',
      acknowledged_by: 'test-responder',
    });
    // Everyone paged hears about it, on the channel that paged them.
    await until(() =>
      ['/alice', '/room', '/carol'].every((p) =>
        at(p).some((r) => bodyOf(r).event === 'incident.acknowledged'),
      ),
    );
    const shown = await incident(open.id);
    const stored = shown.timeline.filter((e: { id: number | null }) => e.id !== null);
    expect(stored.map((e: { kind: string }) => e.kind)).toEqual([
      'opened',
      'paged',
      'escalated',
      'acknowledged',
    ]);
    // Acknowledging twice is harmless.
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/v1/incidents/${open.id}/acknowledge`,
      headers: t.auth('responder'),
    });
    expect(again.statusCode).toBe(200);
  });

  it('acknowledges and resolves through the signed links in the page, without a token', async () => {
    t = await startTestApp(ctx.store(), configFor(receiver.url, '30m'));
    await fire('DiskFull');
    await until(() => at('/alice').length === 1);
    const links = bodyOf(at('/alice')[0]!).links as {
      acknowledge: string;
      resolve: string;
      view: string;
    };
    const path = (url: string) => new URL(url).pathname;

    // A GET (what mail scanners do) only shows the page; the POST acknowledges.
    const shown = await t.app.inject({ url: path(links.acknowledge) });
    expect(shown.statusCode).toBe(200);
    expect(shown.headers['content-type']).toContain('text/html');
    expect(shown.body).toContain('DiskFull on api');
    expect(shown.body).toContain('<form method="post"');
    const [before] = await openIncidents();
    expect(before.status).toBe('triggered');

    const done = await t.app.inject({ method: 'POST', url: path(links.acknowledge) });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('acknowledged');
    expect(await incident(before.id)).toMatchObject({
      status: 'acknowledged',
      acknowledged_by: 'alice',
    });

    const resolved = await t.app.inject({ method: 'POST', url: path(links.resolve) });
    expect(resolved.statusCode).toBe(200);
    expect(await incident(before.id)).toMatchObject({ status: 'resolved', resolved_by: 'alice' });
    const audit = await ctx
      .store()
      .db.selectFrom('audit_log')
      .select(['actor', 'action'])
      .where('target', '=', `incident:${before.id}`)
      .execute();
    expect(audit).toEqual(
      expect.arrayContaining([
        { actor: 'link:alice', action: 'incident.acknowledge' },
        { actor: 'link:alice', action: 'incident.resolve' },
      ]),
    );

    // Forged, tampered and view-only links do nothing.
    const token = path(links.acknowledge).slice('/act/'.length);
    const forged = await t.app.inject({ method: 'POST', url: `/act/${token.slice(0, -2)}xx` });
    expect(forged.statusCode).toBe(403);
    const view = await t.app.inject({ method: 'POST', url: path(links.view) });
    expect(view.statusCode).toBe(400);
  });

  it('resolves the incident when its alerts resolve, and tells those paged', async () => {
    const autoResolving = `
severities:
  P1: { title: High, respond_within: 15m, page: true, auto_resolve: true }
`;
    t = await startTestApp(ctx.store(), configFor(receiver.url, '30m', autoResolving));
    await fire('Latency');
    await until(() => at('/alice').length === 1);
    await fire('Latency', 'api', new Date(Date.now() - 1000).toISOString());
    await until(() => at('/alice').some((r) => bodyOf(r).event === 'incident.resolved'));
    const res = await t.app.inject({
      url: '/api/v1/incidents?status=resolved',
      headers: t.auth('viewer'),
    });
    expect(res.json().items[0]).toMatchObject({ status: 'resolved', resolved_by: 'opsdeck' });
  });

  it('uses the service’s own policy, delays a person’s later rule and cancels it on acknowledgement', async () => {
    t = await startTestApp(ctx.store(), configFor(receiver.url, '30m'));
    await fire('ReplicationLag', 'db');
    await until(() => at('/bob').length === 1);
    expect(at('/alice')).toHaveLength(0);
    const [open] = await openIncidents();
    expect(open.escalation.policy).toBe('bobs');
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/incidents/${open.id}/acknowledge`,
      headers: t.auth('responder'),
    });
    await new Promise((r) => setTimeout(r, 700));
    expect(at('/bob-late')).toHaveLength(0);
    const cancelled = await ctx
      .store()
      .db.selectFrom('notifications')
      .select('status')
      .where('channel', '=', 'bob-late')
      .execute();
    expect(cancelled).toEqual([{ status: 'cancelled' }]);
  });

  it('escalates now, reassigns and snoozes on request, and refuses what makes no sense', async () => {
    t = await startTestApp(ctx.store(), configFor(receiver.url, '30m'));
    await fire('Saturation');
    await until(() => at('/alice').length === 1);
    const [open] = await openIncidents();
    const post = (verb: string, payload?: object) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/incidents/${open.id}/${verb}`,
        headers: t.auth('responder'),
        ...(payload ? { payload } : {}),
      });

    expect((await post('escalate')).statusCode).toBe(200);
    await until(() => at('/carol').length === 1);
    const last = await post('escalate');
    expect(last.statusCode).toBe(409);
    expect(last.json().error.message).toContain('no further escalation step');

    const reassigned = await post('reassign', { to: 'person:bob' });
    expect(reassigned.statusCode).toBe(200);
    await until(() => at('/bob').length === 1);
    const bad = await post('reassign', { to: 'person:nobody' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('to:');

    expect((await post('snooze', { for: '10m' })).statusCode).toBe(409); // not acknowledged
    await post('acknowledge');
    const snoozed = await post('snooze', { for: '300ms' });
    expect(snoozed.statusCode).toBe(200);
    expect(snoozed.json().escalation.snoozed_until).not.toBeNull();
    // The snooze runs out: triggered again, the acknowledged level paged again.
    await until(async () => (await incident(open.id)).status === 'triggered', 3_000);
    const badSnooze = await post('snooze', { for: 'soon' });
    expect(badSnooze.statusCode).toBe(400);
    expect(badSnooze.json().error.message).toContain('for');

    const missing = await t.app.inject({
      method: 'POST',
      url: '/api/v1/incidents/999999/acknowledge',
      headers: t.auth('responder'),
    });
    expect(missing.statusCode).toBe(404);
    const viewer = await t.app.inject({
      method: 'POST',
      url: `/api/v1/incidents/${open.id}/resolve`,
      headers: t.auth('viewer'),
    });
    expect(viewer.statusCode).toBe(403);
  });

  it('resumes escalation timers after a restart: no step lost, none paged twice', async () => {
    t = await startTestApp(ctx.store(), configFor(receiver.url, '800ms'));
    await fire('Outage');
    await until(() => at('/alice').length === 1);
    await t.close();
    // Down while step 2 falls due.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(at('/carol')).toHaveLength(0);
    t = await startTestApp(ctx.store(), configFor(receiver.url, '800ms'));
    await until(() => at('/carol').length === 1, 5_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(at('/carol')).toHaveLength(1);
    expect(at('/alice')).toHaveLength(1);
    const [open] = await openIncidents();
    expect(open.escalation).toMatchObject({ step: 2, next_at: null });
  });
});
