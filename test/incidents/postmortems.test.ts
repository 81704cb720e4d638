/**
 * Post-mortems and action items end to end on the real app and both databases: a resolution
 * opens the required post-mortem, the document assembles the incident's facts, timings, pins,
 * items and updates, writes are validated and audited, and reminders reach the owner's
 * webhook, stop when it is published and survive a restart without being sent twice.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { clearIncidents } from '../support/incidents.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';
import { until } from '../support/until.js';
import { PostmortemReminders } from '../../src/incidents/postmortems/index.js';
import type { Change } from '../../src/lib/change-feed.js';
import { pino } from 'pino';

const H = 3_600_000;

/** `within`, `before`, `every`, `max`: the P1 deadline and its reminders. */
function configFor(url: string, timing = { within: '48h', before: '24h', every: '24h', max: 7 }) {
  return `
severities:
  P1: { title: High, respond_within: 15m, page: true, postmortem_within: ${timing.within} }
  P2: { title: Medium, respond_within: 1h }
incidents:
  postmortem_reminders: { before: ${timing.before}, every: ${timing.every}, max: ${timing.max} }
people:
  alice: { name: Alice, notify: { default: [pd, alice-hook] } }
  bob: { name: Bob, notify: { P1: [bob-hook] } }
  test-responder: { name: The responder token, notify: { default: [pd] } }
channels:
  alice-hook: { type: webhook, url: "${url}/alice" }
  bob-hook: { type: webhook, url: "${url}/bob" }
  pd: { type: pagerduty, routing_key: R0123456789abcdef0123456789abcdef, url: "${url}/pd" }
services:
  api: {}
  web: {}
`;
}

const QUICK = { within: '3s', before: '2s', every: '1s', max: 1 };

describeEachDialect('post-mortems', (ctx) => {
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

  async function api(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    url: string,
    payload?: unknown,
    role: 'viewer' | 'responder' = method === 'GET' ? 'viewer' : 'responder',
  ) {
    return t.app.inject({
      method,
      url,
      headers: t.auth(role),
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
  }

  async function ok(method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: unknown) {
    const res = await api(method, url, payload);
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json();
  }

  /** Declares an incident nobody is paged for (it starts investigating). */
  async function declare(fields: Record<string, unknown> = {}): Promise<number> {
    const view = await ok('POST', '/api/v1/incidents', {
      title: 'Checkout errors',
      severity: 'P1',
      services: ['api'],
      escalation: null,
      ...fields,
    });
    return view.id as number;
  }

  const resolve = (id: number) => ok('POST', `/api/v1/incidents/${id}/resolve`);
  const postmortem = (id: number) => ok('GET', `/api/v1/incidents/${id}/postmortem`);
  const hooks = (path: string) => receiver.received.filter((r) => r.path === path);

  async function timeline(id: number) {
    return (await ok('GET', `/api/v1/incidents/${id}`)).timeline as {
      kind: string;
      detail: Record<string, unknown> | null;
    }[];
  }

  describe('opening', () => {
    it('resolving a P1 opens a required draft due postmortem_within later; a P2 does not', async () => {
      t = await startTestApp(ctx.store(), configFor(receiver.url));
      const p1 = await declare({ commander: 'alice' });
      const resolved = await resolve(p1);
      const pm = await postmortem(p1);
      expect(pm).toMatchObject({
        status: 'draft',
        required: true,
        owner: 'alice',
        overdue: false,
        generated: true,
        reminders: 0,
        published_at: null,
      });
      expect(Date.parse(pm.due_at) - Date.parse(resolved.resolved_at)).toBe(48 * H);
      // The first reminder is armed `before` ahead of the deadline.
      expect(t.postmortems.reminders.armedAt(p1)).toBe(Date.parse(pm.due_at) - 24 * H);
      expect(pm.body).toContain('## Summary');

      const p2 = await declare({ severity: 'P2' });
      await resolve(p2);
      expect(await postmortem(p2)).toMatchObject({
        status: 'not_started',
        required: false,
        due_at: null,
      });
      expect(await ctx.store().db.selectFrom('postmortems').selectAll().execute()).toHaveLength(1);
    });

    it('keeps the first deadline when the incident is reopened and resolved again', async () => {
      t = await startTestApp(ctx.store(), configFor(receiver.url));
      const id = await declare({ commander: 'alice' });
      await resolve(id);
      const first = await postmortem(id);
      await ok('POST', `/api/v1/incidents/${id}/reopen`);
      await new Promise((r) => setTimeout(r, 20));
      await resolve(id);
      expect((await postmortem(id)).due_at).toBe(first.due_at);
    });

    it('gives the deadline to a draft started before the resolution', async () => {
      t = await startTestApp(ctx.store(), configFor(receiver.url));
      const id = await declare();
      await ok('PUT', `/api/v1/incidents/${id}/postmortem`, { body: 'Early notes' });
      expect(await postmortem(id)).toMatchObject({ required: false, due_at: null });
      await resolve(id);
      // Without a commander, whoever acknowledged (the declarer) owns it, being a person.
      expect(await postmortem(id)).toMatchObject({
        required: true,
        body: 'Early notes',
        owner: 'test-responder',
      });
      expect((await postmortem(id)).due_at).not.toBeNull();
    });
  });

  describe('document', () => {
    it('assembles timings, pinned notes, action items and public updates', async () => {
      t = await startTestApp(ctx.store(), configFor(receiver.url));
      const id = await declare({ commander: 'alice', summary: 'Payments failed | EU only' });
      await ok('POST', `/api/v1/incidents/${id}/notes`, {
        body: 'Pool exhausted at 10:02',
        pinned: true,
      });
      await ok('POST', `/api/v1/incidents/${id}/notes`, { body: 'coffee break' });
      await ok('POST', `/api/v1/incidents/${id}/updates`, {
        status: 'monitoring',
        message: 'A fix is deployed',
      });
      await resolve(id);
      await ok('POST', `/api/v1/incidents/${id}/action-items`, {
        title: 'Size the pool | per worker',
        owner: 'bob',
        due: '2030-01-31',
        url: 'https://tickets.example.com/OPS-1',
      });
      const pm = await postmortem(id);
      const doc = pm.document as string;
      expect(doc).toMatch(/^# Post-mortem: \[P1\] #\d+ Checkout errors\n/);
      expect(doc).toContain('| Commander | alice |');
      expect(doc).toMatch(/\| Detected \| \d{4}-\d\d-\d\d [\d:]+ UTC \| time to detect: \d+s \|/);
      expect(doc).toMatch(/\| Mitigated \| .* \| acknowledgement → mitigation: \d+s \|/);
      expect(doc).toMatch(/\| Resolved \| .* \| mitigation → resolution: \d+s \|/);
      expect(doc).toContain('Payments failed | EU only');
      expect(doc).toContain('> Pool exhausted at 10:02');
      expect(doc).not.toContain('coffee break');
      expect(doc).toContain(
        '| [Size the pool \\| per worker](https://tickets.example.com/OPS-1) | bob | 2030-01-31 23:59 UTC | open |',
      );
      expect(doc).toContain('> A fix is deployed');
      expect(pm.action_items).toHaveLength(1);
      expect(pm.html).toContain('<h2>Timings</h2>');
      expect(pm.html).toContain('<td>bob</td>');
    });

    it('saves the body (PUT) and returns it (GET); renders it without raw HTML', async () => {
      t = await startTestApp(ctx.store(), configFor(receiver.url));
      const id = await declare({ commander: 'alice' });
      await resolve(id);
      const body =
        '## Summary\n\nIt broke.\n\n<script>alert(1)</script>\n<img src=x onerror=alert(1)>';
      const saved = await ok('PUT', `/api/v1/incidents/${id}/postmortem`, { body, owner: 'bob' });
      expect(saved).toMatchObject({ body, generated: false, owner: 'bob', status: 'draft' });
      const pm = await postmortem(id);
      expect(pm).toMatchObject({ body, generated: false, updated_by: 'test-responder' });
      expect(pm.document).toContain('It broke.');
      expect(pm.html).not.toMatch(/<script|<img/);
      expect(pm.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      // null goes back to the generated draft.
      const reset = await ok('PUT', `/api/v1/incidents/${id}/postmortem`, { body: null });
      expect(reset).toMatchObject({ generated: true, owner: 'bob' });
      const audit = await ctx
        .store()
        .db.selectFrom('audit_log')
        .select(['action', 'target'])
        .where('action', '=', 'postmortem.update')
        .execute();
      expect(audit).toContainEqual({ action: 'postmortem.update', target: `incident:${id}` });
    });

    it('exports the document as a markdown file', async () => {
      t = await startTestApp(ctx.store(), configFor(receiver.url));
      const id = await declare({ commander: 'alice' });
      await resolve(id);
      const res = await api('GET', `/api/v1/incidents/${id}/postmortem.md`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/markdown; charset=utf-8');
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="incident-${id}-postmortem.md"`,
      );
      expect(res.body).toBe((await postmortem(id)).document);
      expect((await api('GET', '/api/v1/incidents/999999/postmortem.md')).statusCode).toBe(404);
    });

    it('refuses bad writes with a 400 naming the field, and unknown incidents with a 404', async () => {
      t = await startTestApp(ctx.store(), configFor(receiver.url));
      const id = await declare();
      const owner = await api('PUT', `/api/v1/incidents/${id}/postmortem`, { owner: 'alcie' });
      expect(owner.statusCode).toBe(400);
      expect(owner.json().error.message).toBe(
        "owner: unknown person 'alcie' (did you mean 'alice'?)",
      );
      const long = await api('PUT', `/api/v1/incidents/${id}/postmortem`, {
        body: 'x'.repeat(100_001),
      });
      expect(long.statusCode).toBe(400);
      expect(long.json().error.message).toMatch(/^body\.body: a post-mortem is at most 100000/);
      const extra = await api('PUT', `/api/v1/incidents/${id}/postmortem`, { bdy: 'x' });
      expect(extra.statusCode).toBe(400);
      for (const [method, url] of [
        ['GET', '/api/v1/incidents/999999/postmortem'],
        ['PUT', '/api/v1/incidents/999999/postmortem'],
        ['POST', '/api/v1/incidents/999999/postmortem/publish'],
      ] as const) {
        const res = await api(method, url, method === 'PUT' ? { body: 'x' } : undefined);
        expect(res.statusCode, url).toBe(404);
        expect(res.json().error.message).toBe('incident 999999 does not exist');
      }
      expect((await api('GET', '/api/v1/incidents/x/postmortem')).statusCode).toBe(400);
    });

    it('publishes (timeline, no more reminders), stays editable, and unpublishes', async () => {
      t = await startTestApp(ctx.store(), configFor(receiver.url));
      const id = await declare({ commander: 'alice' });
      await resolve(id);
      const changes: Change[] = [];
      const stop = t.feed.subscribe((c) => changes.push(c));
      const published = await ok('POST', `/api/v1/incidents/${id}/postmortem/publish`);
      expect(published).toMatchObject({
        status: 'published',
        published_by: 'test-responder',
        next_reminder_at: null,
        generated: false,
      });
      expect(published.body).toContain('## Summary');
      expect(t.postmortems.reminders.armedAt(id)).toBeUndefined();
      expect((await timeline(id)).map((e) => e.kind)).toContain('postmortem_published');
      const edited = await ok('PUT', `/api/v1/incidents/${id}/postmortem`, { body: 'Final' });
      expect(edited).toMatchObject({ status: 'published', body: 'Final' });
      const again = await ok('POST', `/api/v1/incidents/${id}/postmortem/publish`);
      expect(again.published_at).toBe(published.published_at);
      const back = await ok('POST', `/api/v1/incidents/${id}/postmortem/unpublish`);
      expect(back).toMatchObject({ status: 'draft', published_at: null, body: 'Final' });
      expect(t.postmortems.reminders.armedAt(id)).toBe(Date.parse(back.next_reminder_at));
      await until(() => changes.filter((c) => c.type === 'postmortem.updated').length >= 4);
      stop();
    });
  });

  describe('action items', () => {
    it('adds, edits, finishes and reopens items, on the timeline', async () => {
      t = await startTestApp(ctx.store(), configFor(receiver.url));
      const id = await declare();
      const changes: Change[] = [];
      const stop = t.feed.subscribe((c) => changes.push(c));
      const res = await api('POST', `/api/v1/incidents/${id}/action-items`, {
        title: '  Add a pool alert  ',
        owner: 'alice',
        due: '2030-02-01T12:00:00+01:00',
      });
      expect(res.statusCode, res.body).toBe(201);
      const item = res.json();
      expect(item).toMatchObject({
        incident: id,
        incident_title: 'Checkout errors',
        title: 'Add a pool alert',
        owner: 'alice',
        due_at: '2030-02-01T11:00:00.000Z',
        url: null,
        status: 'open',
        overdue: false,
        created_by: 'test-responder',
        done_at: null,
      });
      const done = await ok('PATCH', `/api/v1/action-items/${item.id}`, { status: 'done' });
      expect(done).toMatchObject({ status: 'done', done_by: 'test-responder' });
      expect(done.done_at).not.toBeNull();
      const reopened = await ok('PATCH', `/api/v1/action-items/${item.id}`, {
        status: 'open',
        owner: null,
        due: null,
        url: 'https://tickets.example.com/OPS-2',
        title: 'Alert on pool use',
      });
      expect(reopened).toMatchObject({
        status: 'open',
        done_at: null,
        done_by: null,
        owner: null,
        due_at: null,
        url: 'https://tickets.example.com/OPS-2',
        title: 'Alert on pool use',
      });
      const kinds = (await timeline(id)).map((e) => e.kind);
      expect(kinds.filter((k) => k.startsWith('action_item'))).toEqual([
        'action_item_added',
        'action_item_done',
        'action_item_reopened',
      ]);
      expect(changes.filter((c) => c.type === 'action_item.updated')).toHaveLength(3);
      stop();
      const audit = await ctx
        .store()
        .db.selectFrom('audit_log')
        .select('action')
        .where('action', 'like', 'action_item.%')
        .execute();
      expect(audit.map((a) => a.action).sort()).toEqual([
        'action_item.create',
        'action_item.update',
        'action_item.update',
      ]);
    });

    it('lists items newest first with filters and keyset pages', async () => {
      t = await startTestApp(ctx.store(), configFor(receiver.url));
      const a = await declare();
      const b = await declare({ title: 'Slow search' });
      const add = (incident: number, body: Record<string, unknown>) =>
        ok('POST', `/api/v1/incidents/${incident}/action-items`, body);
      const late = await add(a, { title: 'Late', owner: 'alice', due: '2020-01-01' });
      const later = await add(a, { title: 'Later', owner: 'bob', due: '2099-01-01' });
      const done = await add(b, { title: 'Done', owner: 'alice' });
      await ok('PATCH', `/api/v1/action-items/${done.id}`, { status: 'done' });
      const ids = async (query: string) =>
        ((await ok('GET', `/api/v1/action-items${query}`)).items as { id: number }[]).map(
          (i) => i.id,
        );
      expect(await ids('')).toEqual([done.id, later.id, late.id]);
      expect(await ids('?status=open')).toEqual([later.id, late.id]);
      expect(await ids('?status=done')).toEqual([done.id]);
      expect(await ids('?owner=alice')).toEqual([done.id, late.id]);
      expect(await ids(`?incident=${b}`)).toEqual([done.id]);
      expect(await ids('?overdue=true')).toEqual([late.id]);
      expect(await ids('?overdue=false')).toEqual([done.id, later.id]);
      const first = await ok('GET', '/api/v1/action-items?limit=2');
      expect(first.items.map((i: { id: number }) => i.id)).toEqual([done.id, later.id]);
      expect(first.next_cursor).toBe(String(later.id));
      const second = await ok('GET', `/api/v1/action-items?limit=2&cursor=${first.next_cursor}`);
      expect(second).toMatchObject({ items: [{ id: late.id, overdue: true }], next_cursor: null });
      const bad = await api('GET', '/api/v1/action-items?status=later');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.message).toMatch(/^querystring\.status: /);
    });

    it('refuses bad items with a 400 naming the field, unknown ones with a 404', async () => {
      t = await startTestApp(ctx.store(), configFor(receiver.url));
      const id = await declare();
      const url = `/api/v1/incidents/${id}/action-items`;
      const cases: [Record<string, unknown>, RegExp][] = [
        [{ title: '   ' }, /^body\.title: /],
        [{ title: 'x'.repeat(501) }, /^body\.title: /],
        [{ title: 'x', owner: 'bobb' }, /^owner: unknown person 'bobb' \(did you mean 'bob'\?\)$/],
        [{ title: 'x', due: 'tomorrow' }, /^due: expected an ISO 8601 time/],
        [{ title: 'x', due: '2030-02-30' }, /^due: '2030-02-30' is not a date$/],
        [{ title: 'x', url: 'ftp://files.example.com/x' }, /^body\.url: expected an http\(s\) URL/],
        [{ title: 'x', colour: 'red' }, /colour/],
      ];
      for (const [body, message] of cases) {
        const res = await api('POST', url, body);
        expect(res.statusCode, JSON.stringify(body)).toBe(400);
        expect(res.json().error.message).toMatch(message);
      }
      const item = await ok('POST', url, { title: 'Real' });
      const patch = await api('PATCH', `/api/v1/action-items/${item.id}`, { status: 'finished' });
      expect(patch.statusCode).toBe(400);
      expect(patch.json().error.message).toMatch(/^body\.status: /);
      const missing = await api('PATCH', '/api/v1/action-items/999999', { status: 'done' });
      expect(missing.statusCode).toBe(404);
      expect(missing.json().error.message).toBe('action item 999999 does not exist');
      const noIncident = await api('POST', '/api/v1/incidents/999999/action-items', { title: 'x' });
      expect(noIncident.statusCode).toBe(404);
      expect((await api('GET', '/api/v1/action-items', undefined, 'viewer')).statusCode).toBe(200);
      expect((await api('POST', url, { title: 'x' }, 'viewer')).statusCode).toBe(403);
    });
  });

  describe('reminders', () => {
    interface Reminder {
      event: string;
      recipient: { id: string };
      incident: { id: number };
      postmortem: { dueAt: string; overdue: boolean };
      links: { view: string };
    }
    const reminders = (incident?: number) =>
      hooks('/alice')
        .map((r) => r.body as Reminder)
        .filter((b) => incident === undefined || b.incident.id === incident);

    it('reach the owner before and at the deadline, never on a pager, then stop', async () => {
      t = await startTestApp(ctx.store(), configFor(receiver.url, QUICK));
      const id = await declare({ commander: 'alice' });
      await resolve(id);
      await until(() => reminders(id).length === 1, 5_000);
      const [first] = reminders(id);
      expect(first).toMatchObject({
        event: 'postmortem.due',
        recipient: { id: 'alice' },
        postmortem: { overdue: false },
      });
      expect(first!.links.view).toMatch(new RegExp(`/api/v1/incidents/${id}/postmortem$`));
      await until(() => reminders(id).length === 2, 5_000);
      expect(reminders(id)[1]!.postmortem.overdue).toBe(true);
      expect(hooks('/pd')).toHaveLength(0);
      await new Promise((r) => setTimeout(r, 1_500));
      expect(reminders(id)).toHaveLength(2);
      const pm = await postmortem(id);
      expect(pm).toMatchObject({ reminders: 2, next_reminder_at: null, overdue: true });
      const events = (await timeline(id)).filter((e) => e.kind === 'postmortem_reminder');
      expect(events.map((e) => [e.detail!.to, e.detail!.overdue, e.detail!.channels])).toEqual([
        ['alice', false, ['alice-hook']],
        ['alice', true, ['alice-hook']],
      ]);
    });

    it('stop once the post-mortem is published', async () => {
      t = await startTestApp(ctx.store(), configFor(receiver.url, QUICK));
      const id = await declare({ commander: 'alice' });
      await resolve(id);
      await until(() => reminders(id).length === 1, 5_000);
      await ok('POST', `/api/v1/incidents/${id}/postmortem/publish`);
      await new Promise((r) => setTimeout(r, 3_000));
      expect(reminders(id)).toHaveLength(1);
      expect(await postmortem(id)).toMatchObject({ status: 'published', reminders: 1 });
    });

    it('say on the timeline when nobody can be reminded', async () => {
      t = await startTestApp(ctx.store(), configFor(receiver.url, QUICK));
      // No commander, and only a person's pager: the responder token owns it.
      const id = await declare();
      await resolve(id);
      const noOwner = await declare();
      await resolve(noOwner);
      await ok('PUT', `/api/v1/incidents/${noOwner}/postmortem`, { owner: null });
      const reminded = async (incident: number) =>
        (await timeline(incident)).filter((e) => e.kind === 'postmortem_reminder');
      await until(
        async () => (await reminded(id)).length > 0 && (await reminded(noOwner)).length > 0,
        5_000,
      );
      expect((await reminded(id))[0]!.detail).toMatchObject({
        to: 'test-responder',
        channels: [],
        notifications: 0,
        unreached:
          'test-responder has no notification channel for reminders (people.test-responder.notify; pager kinds are skipped)',
      });
      expect((await reminded(noOwner))[0]!.detail).toMatchObject({
        to: null,
        notifications: 0,
        unreached: 'the post-mortem has no owner',
      });
      expect(hooks('/pd')).toHaveLength(0);
    });

    it('are sent by another instance when the one that armed them stops', async () => {
      t = await startTestApp(ctx.store(), configFor(receiver.url, QUICK));
      // Started before the resolution: only its sweep can learn of the reminder.
      const other = new PostmortemReminders({
        store: ctx.store(),
        logger: pino({ level: 'silent' }),
        config: () => t.live.current.config,
        outbox: t.notifier,
        sweepMs: 200,
      });
      await other.start();
      try {
        const id = await declare({ commander: 'alice' });
        await resolve(id);
        await t.postmortems.reminders.close();
        await until(() => reminders(id).length === 1, 5_000);
        expect(other.armedAt(id)).toBeGreaterThan(Date.now());
      } finally {
        await other.close();
      }
    });

    it('survive a restart without being sent twice, even with two instances', async () => {
      t = await startTestApp(ctx.store(), configFor(receiver.url, QUICK));
      const id = await declare({ commander: 'alice' });
      await resolve(id);
      await until(() => reminders(id).length === 1, 5_000);
      await t.close();
      t = await startTestApp(ctx.store(), configFor(receiver.url, QUICK));
      // A second instance on the same storage, racing this one for every reminder. (On
      // PostgreSQL their reads interleave, so only the `next_reminder_at` guard keeps the
      // second one from sending again; SQLite's synchronous driver serializes them anyway.)
      const other = new PostmortemReminders({
        store: ctx.store(),
        logger: pino({ level: 'silent' }),
        config: () => t.live.current.config,
        outbox: t.notifier,
      });
      await other.start();
      try {
        await until(() => reminders(id).length === 2, 5_000);
        await new Promise((r) => setTimeout(r, 1_500));
      } finally {
        await other.close();
      }
      expect(reminders(id).map((r) => r.postmortem.overdue)).toEqual([false, true]);
      const rows = await ctx
        .store()
        .db.selectFrom('notifications')
        .select('id')
        .where('event', '=', 'postmortem.due')
        .execute();
      expect(rows).toHaveLength(2);
      expect(await postmortem(id)).toMatchObject({ reminders: 2, next_reminder_at: null });
    });
  });
});
