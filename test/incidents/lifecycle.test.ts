/**
 * The incident lifecycle on the real app and both databases: declared incidents, every legal
 * move and the 409s naming the allowed ones, two responders acknowledging at once, roles,
 * notes (size limit, sanitized markdown), pins, severity changes, edits, public updates, and
 * what alert groups do to an open incident (fired/resolved on the timeline, a more severe
 * alert raising the severity, P1 waiting for a person when its alerts resolve).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { clearIncidents } from '../support/incidents.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';
import { until } from '../support/until.js';
import type { Role } from '../../src/auth/index.js';

function configFor(url: string) {
  return `
people:
  alice: { name: Alice, notify: { default: [alice-hook] } }
  bob: { name: Bob, notify: { default: [bob-hook] } }
channels:
  alice-hook: { type: webhook, url: "${url}/alice" }
  bob-hook: { type: webhook, url: "${url}/bob" }
escalation_policies:
  default: { steps: [{ notify: [person:alice] }, { after: 30m, notify: [person:bob] }] }
services:
  api: { escalation: default, runbooks: ['https://wiki.example.com/api-down'] }
  db: {}
routes:
  group_wait: 0s
  group_interval: 1s
  group_by: [alertname, service]
  routes:
    - { matchers: ['severity=~"P1|P2"'], escalation: default }
`;
}

interface Shown {
  id: number;
  status: string;
  severity: string;
  services: string[];
  started_at: string;
  opened_at: string;
  roles: Record<string, string>;
  acknowledged_by: string | null;
  acknowledged_at: string | null;
  mitigated_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  respond_by: string | null;
  response_breached: boolean;
  timeline: {
    id: number | null;
    kind: string;
    actor: string | null;
    detail: Record<string, unknown> | null;
    pinned: boolean;
    html?: string;
  }[];
  participants: string[];
  role_history: { role: string; person: string; until: string | null }[];
  updates: { status: string; message: string }[];
  runbooks: string[];
}

describeEachDialect('incident lifecycle', (ctx) => {
  let receiver: WebhookReceiver;
  let t: TestApp;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  afterAll(() => receiver.close());
  beforeEach(async () => {
    receiver.received.length = 0;
    await clearIncidents(ctx.store().db);
    t = await startTestApp(ctx.store(), configFor(receiver.url));
  });
  afterEach(() => t.close());

  const post = (path: string, payload?: object, role: Role = 'responder') =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/incidents${path}`,
      headers: t.auth(role),
      ...(payload ? { payload } : {}),
    });
  const show = async (id: number): Promise<Shown> => {
    const res = await t.app.inject({ url: `/api/v1/incidents/${id}`, headers: t.auth('viewer') });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const declare = async (payload: object) => {
    const res = await post('', payload);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as Shown;
  };
  const kinds = (s: Shown) => s.timeline.filter((e) => e.id !== null).map((e) => e.kind);

  describe('declared by hand', () => {
    it('starts investigating with the declarer on it when nobody needs paging', async () => {
      const incident = await declare({
        title: 'Checkout errors',
        severity: 'P2',
        services: ['db'],
        commander: 'alice',
        impact: 'Some customers cannot pay',
        started_at: new Date(Date.now() - 600_000).toISOString(),
      });
      expect(incident).toMatchObject({
        status: 'investigating',
        severity: 'P2',
        services: ['db'],
        source: 'manual',
        declared_by: 'test-responder',
        acknowledged_by: 'test-responder',
        roles: { commander: 'alice' },
        impact: 'Some customers cannot pay',
        response_breached: false,
      });
      expect(Date.parse(incident.respond_by!) - Date.parse(incident.opened_at)).toBe(3_600_000);
      expect(Date.parse(incident.started_at)).toBeLessThan(Date.parse(incident.opened_at));
      const shown = await show(incident.id);
      expect(kinds(shown)).toEqual(['declared', 'role_assigned']);
      expect(shown.participants).toEqual(['test-responder', 'alice']);
      expect(receiver.received).toHaveLength(0);
    });

    it('pages the first service’s policy when the severity pages', async () => {
      const incident = await declare({ title: 'API down', severity: 'P1', services: ['api'] });
      expect(incident.status).toBe('triggered');
      expect(incident.acknowledged_at).toBeNull();
      await until(() => receiver.received.some((r) => r.path === '/alice'));
      const none = await declare({
        title: 'API slow',
        severity: 'P1',
        services: ['api'],
        escalation: null,
      });
      expect(none.status).toBe('investigating');
    });

    it('refuses what it cannot declare, naming the field', async () => {
      const cases: [object, string][] = [
        [{ title: 'x', severity: 'P9' }, "severity: unknown severity 'P9'"],
        [
          { title: 'x', severity: 'P1', services: ['apu'] },
          "services[0]: unknown service 'apu' (did you mean 'api'?)",
        ],
        [
          { title: 'x', severity: 'P1', commander: 'alcie' },
          "commander: unknown person 'alcie' (did you mean 'alice'?)",
        ],
        [
          { title: 'x', severity: 'P1', escalation: 'nope' },
          "escalation: unknown escalation policy 'nope'",
        ],
        [{ title: '', severity: 'P1' }, 'body.title'],
        [
          { title: 'x', severity: 'P1', started_at: 'yesterday' },
          'started_at: expected an ISO 8601 time',
        ],
        [
          {
            title: 'x',
            severity: 'P1',
            started_at: new Date(Date.now() + 3_600_000).toISOString(),
          },
          'started_at: the impact cannot start in the future',
        ],
        [{ title: 'x', severity: 'P1', colour: 'red' }, 'colour'],
      ];
      for (const [payload, message] of cases) {
        const res = await post('', payload);
        expect(res.statusCode, JSON.stringify(payload)).toBe(400);
        expect(res.json().error.message).toContain(message);
      }
    });
  });

  it('walks the lifecycle with a milestone per step, and refuses illegal moves naming the allowed ones', async () => {
    const { id } = await declare({ title: 'Login fails', severity: 'P1', services: ['api'] });
    const move = (status: string) => post(`/${id}/status`, { status });

    expect((await move('investigating')).json()).toMatchObject({
      status: 'investigating',
      acknowledged_by: 'test-responder',
    });
    expect((await move('identified')).statusCode).toBe(200);
    const monitoring = (await move('monitoring')).json() as Shown;
    expect(monitoring.mitigated_at).not.toBeNull();
    // The fix did not hold: back to work, mitigation cleared.
    expect((await move('investigating')).json().mitigated_at).toBeNull();
    expect((await move('monitoring')).statusCode).toBe(200);

    const triggered = await move('triggered');
    expect(triggered.statusCode).toBe(409);
    expect(triggered.json().error.message).toContain('escalate it');
    const resolved = (await post(`/${id}/resolve`, { reason: 'rolled back' })).json() as Shown;
    expect(resolved.status).toBe('resolved');
    expect(resolved.resolved_at).not.toBeNull();

    const back = await move('investigating');
    expect(back.statusCode).toBe(409);
    expect(back.json().error.message).toBe(
      `incident ${id} is resolved; it cannot move to investigating; allowed: closed or reopen`,
    );
    expect(back.json().error.details).toEqual({
      status: 'resolved',
      allowed: ['closed', 'reopen'],
    });
    const closed = (await post(`/${id}/close`)).json() as Shown;
    expect(closed).toMatchObject({ status: 'closed', closed_by: 'test-responder' });
    const noMove = await move('monitoring');
    expect(noMove.json().error.message).toContain('allowed: reopen');

    const reopened = (await post(`/${id}/reopen`, { reason: 'errors are back' })).json() as Shown;
    expect(reopened).toMatchObject({ status: 'investigating', resolved_at: null, closed_at: null });
    expect((await post(`/${id}/reopen`)).statusCode).toBe(409);

    const shown = await show(id);
    expect(kinds(shown)).toEqual([
      'declared',
      'paged',
      'status_changed',
      'status_changed',
      'status_changed',
      'status_changed',
      'status_changed',
      'resolved',
      'closed',
      'reopened',
    ]);
    // Everyone paged heard it is being worked on, then that it was resolved.
    await until(() => {
      const events = receiver.received
        .filter((r) => r.path === '/alice')
        .map((r) => (r.body as { event: string }).event);
      return events.includes('incident.acknowledged') && events.includes('incident.resolved');
    });
  });

  it('tells the second of two responders acknowledging at once who was first', async () => {
    const { id } = await declare({ title: 'Queue stuck', severity: 'P1', services: ['api'] });
    const [a, b] = await Promise.all([
      post(`/${id}/acknowledge`, undefined, 'responder'),
      post(`/${id}/acknowledge`, undefined, 'admin'),
    ]);
    const codes = [a.statusCode, b.statusCode].sort();
    expect(codes).toEqual([200, 409]);
    const [won, lost] = a.statusCode === 200 ? [a, b] : [b, a];
    const winner = won.json().acknowledged_by as string;
    expect(['test-responder', 'test-admin']).toContain(winner);
    expect(lost.json().error.message).toContain(`already acknowledged by ${winner}`);
    expect(lost.json().error.details).toMatchObject({ acknowledged_by: winner });
    // The winner acknowledging again is harmless.
    const again = await post(
      `/${id}/acknowledge`,
      undefined,
      winner === 'test-admin' ? 'admin' : 'responder',
    );
    expect(again.statusCode).toBe(200);
    expect(kinds(await show(id)).filter((k) => k === 'acknowledged')).toHaveLength(1);
  });

  it('keeps roles with their history, notes with a size limit and sanitized markdown, and pins', async () => {
    const { id } = await declare({ title: 'Slow pages', severity: 'P2', services: ['db'] });
    expect(
      (await post(`/${id}/roles`, { role: 'commander', person: 'alice' })).json().roles,
    ).toEqual({
      commander: 'alice',
    });
    await post(`/${id}/roles`, { role: 'scribe', person: 'bob' });
    await post(`/${id}/roles`, { role: 'commander', person: 'bob' });
    const removed = await post(`/${id}/roles`, { role: 'scribe', person: null });
    expect(removed.json().roles).toEqual({ commander: 'bob' });
    const badRole = await post(`/${id}/roles`, { role: 'pilot', person: 'bob' });
    expect(badRole.statusCode).toBe(400);
    expect(badRole.json().error.message).toContain('body.role');
    const badPerson = await post(`/${id}/roles`, { role: 'scribe', person: 'bobb' });
    expect(badPerson.json().error.message).toContain(
      "person: unknown person 'bobb' (did you mean 'bob'?)",
    );

    const note = await post(`/${id}/notes`, {
      body: 'Rolled back **v2.3**; see [dash](https://grafana.example.com/d/1) <script>alert(1)</script> [x](javascript:alert(1))',
      pinned: true,
    });
    expect(note.statusCode).toBe(200);
    const long = await post(`/${id}/notes`, { body: 'x'.repeat(10_001) });
    expect(long.statusCode).toBe(400);
    expect(long.json().error.message).toContain('body.body');
    const empty = await post(`/${id}/notes`, { body: '   ' });
    expect(empty.json().error.message).toContain('body: a note cannot be empty');

    const shown = await show(id);
    const stored = shown.timeline.find((e) => e.kind === 'note')!;
    expect(stored).toMatchObject({ actor: 'test-responder', pinned: true });
    expect(stored.html).toContain('<strong>v2.3</strong>');
    expect(stored.html).toContain('href="https://grafana.example.com/d/1"');
    expect(stored.html).not.toContain('<script');
    expect(stored.html).not.toContain('href="javascript');
    expect(shown.role_history.map((r) => [r.role, r.person, r.until === null])).toEqual([
      ['commander', 'alice', false],
      ['scribe', 'bob', false],
      ['commander', 'bob', true],
    ]);

    const declared = shown.timeline.find((e) => e.kind === 'declared')!;
    expect((await post(`/${id}/events/${declared.id}/pin`)).statusCode).toBe(200);
    expect((await post(`/${id}/events/${stored.id}/unpin`)).statusCode).toBe(200);
    const pins = (await show(id)).timeline.filter((e) => e.pinned).map((e) => e.kind);
    expect(pins).toEqual(['declared']);
    expect((await post(`/${id}/events/999999/pin`)).statusCode).toBe(404);
  });

  it('moves the response deadline earlier on a raise and records edits and public updates', async () => {
    const { id, respond_by } = await declare({
      title: 'Errors',
      severity: 'P3',
      services: ['db'],
      escalation: 'default',
    });
    const raised = (await post(`/${id}/severity`, { severity: 'P0' })).json() as Shown;
    expect(raised.severity).toBe('P0');
    expect(Date.parse(raised.respond_by!)).toBeLessThan(Date.parse(respond_by!));
    const bad = await post(`/${id}/severity`, { severity: 'P7' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain("severity: unknown severity 'P7'");

    const edit = (payload: object) =>
      t.app.inject({
        method: 'PATCH',
        url: `/api/v1/incidents/${id}`,
        headers: t.auth('responder'),
        payload,
      });
    const edited = await edit({
      summary: 'Disk filled',
      root_cause: 'Log rotation stopped',
      services: ['db', 'api'],
      links: [{ title: 'Ticket', url: 'https://tickets.example.com/OPS-1' }],
    });
    expect(edited.json()).toMatchObject({
      summary: 'Disk filled',
      root_cause: 'Log rotation stopped',
      services: ['api', 'db'],
      service: 'db',
      links: [{ title: 'Ticket', url: 'https://tickets.example.com/OPS-1' }],
    });
    expect((await edit({ services: ['nope'] })).json().error.message).toContain(
      "services[0]: unknown service 'nope'",
    );
    expect((await edit({ links: [{ title: 'x', url: 'javascript:alert(1)' }] })).statusCode).toBe(
      400,
    );

    const update = await post(`/${id}/updates`, {
      status: 'identified',
      message: 'We found a full disk.',
    });
    expect(update.statusCode).toBe(201);
    expect(update.json()).toMatchObject({
      status: 'identified',
      message: 'We found a full disk.',
      author: 'test-responder',
    });
    const shown = await show(id);
    expect(shown.status).toBe('identified');
    expect(shown.updates.map((u) => u.status)).toEqual(['identified']);
    expect(kinds(shown)).toEqual(
      expect.arrayContaining(['severity_changed', 'edited', 'services_changed', 'public_update']),
    );
    await post(`/${id}/updates`, { status: 'resolved', message: 'Fixed.' });
    expect((await show(id)).status).toBe('resolved');
    const late = await post(`/${id}/updates`, { status: 'investigating', message: 'Again?' });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.message).toContain('allowed: closed or reopen');
  });

  it('answers 404 for an unknown incident and 403 to a viewer', async () => {
    expect((await post('/424242/status', { status: 'identified' })).statusCode).toBe(404);
    const { id } = await declare({ title: 'x', severity: 'P3' });
    expect((await post(`/${id}/notes`, { body: 'hi' }, 'viewer')).statusCode).toBe(403);
  });

  describe('alert groups', () => {
    async function fire(severity: string, instance: string, endsAt?: string) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v2/alerts',
        headers: t.auth('responder'),
        payload: [
          {
            labels: { alertname: 'Errors', service: 'api', severity, instance },
            annotations: {
              summary: 'Errors on api',
              runbook_url: 'https://wiki.example.com/errors',
            },
            ...(endsAt ? { endsAt } : {}),
          },
        ],
      });
      expect(res.statusCode).toBe(200);
    }
    const openOne = async () => {
      const res = await t.app.inject({
        url: '/api/v1/incidents?status=open',
        headers: t.auth('viewer'),
      });
      return (res.json().items as Shown[])[0];
    };

    it('records alerts firing and resolving, raises the severity, and a P1 waits for a person', async () => {
      await fire('P2', 'a');
      await until(async () => (await openOne()) !== undefined);
      const first = (await openOne())!;
      expect(first.severity).toBe('P2');
      await fire('P1', 'b');
      await until(async () => (await openOne())?.severity === 'P1', 5_000);
      const past = new Date(Date.now() - 1_000).toISOString();
      await fire('P2', 'a', past);
      await fire('P1', 'b', past);
      await until(async () => kinds(await show(first.id)).includes('alerts_resolved'), 5_000);
      await until(
        async () =>
          (await show(first.id)).timeline.some(
            (e) => e.kind === 'alerts_resolved' && e.detail?.all === true,
          ),
        5_000,
      );
      const shown = await show(first.id);
      expect(shown.status).toBe('triggered');
      expect(kinds(shown)).toEqual(
        expect.arrayContaining(['opened', 'paged', 'alerts_fired', 'severity_changed']),
      );
      const raised = shown.timeline.find((e) => e.kind === 'severity_changed')!;
      expect(raised.detail).toMatchObject({
        from: 'P2',
        to: 'P1',
        reason: 'a more severe alert joined the group',
      });
      expect(shown.runbooks).toEqual([
        'https://wiki.example.com/errors',
        'https://wiki.example.com/api-down',
      ]);
      const fired = shown.timeline.find((e) => e.kind === 'alerts_fired')!;
      expect(fired.detail).toMatchObject({
        count: 1,
        alerts: [{ alertname: 'Errors', instance: 'b' }],
      });
    });
  });
});
