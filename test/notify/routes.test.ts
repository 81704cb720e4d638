/**
 * `/api/v1/notifications` and `/api/v1/channels` on the real app, both dialects: the delivery
 * log with filters and pages, errors naming the field, channels without their secrets, and a
 * test notification through a real receiver.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { until } from '../support/until.js';
import { SAMPLE_CONFIG, startTestApp, type TestApp } from '../support/app.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';
import { item, message } from './harness.js';

const SECRETS = [
  'hook-secret-9f8e7d',
  'T000/B000/slack-token-5a4b',
  'smtp-password-3c2d',
  'Bearer hdr-tok-1',
];

describeEachDialect('notification routes', (ctx) => {
  let t: TestApp;
  let ok: WebhookReceiver;
  let refusing: WebhookReceiver;
  beforeAll(async () => {
    ok = await startWebhookReceiver();
    refusing = await startWebhookReceiver();
    refusing.status = 400;
    t = await startTestApp(
      ctx.store(),
      `${SAMPLE_CONFIG}
channels:
  ok: { type: webhook, url: "${ok.url}/hook", secret: ${SECRETS[0]}, headers: { Authorization: "${SECRETS[3]}" } }
  refusing: { type: webhook, url: "${refusing.url}/hook", retry: { attempts: 1 } }
  chat: { type: slack, url: "https://hooks.slack.com/services/${SECRETS[1]}", timeout: 2s }
  mail: { type: email, host: 127.0.0.1, port: 1, from: ops@example.com, username: ops, password: ${SECRETS[2]}, concurrency: 3, rate_limit: { max: 10, per: 1m }, retry: { attempts: 4, backoff: 2s, max_backoff: 1m } }
`,
    );
  });
  afterAll(async () => {
    await t?.close();
    await ok?.close();
    await refusing?.close();
  });
  const get = (url: string, role: 'viewer' | 'responder' = 'viewer') =>
    t.app.inject({ method: 'GET', url, headers: t.auth(role) });
  const test = (channel: string) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/channels/${channel}/test`,
      headers: { ...t.auth('responder'), 'x-request-id': `test-${channel}-${Math.random()}` },
    });

  it('sends a test notification and answers with its outcome and attempts, audited', async () => {
    const res = await test('ok');
    expect(res.statusCode, res.body).toBe(200);
    const view = res.json();
    expect(view).toMatchObject({ channel: 'ok', event: 'test', status: 'delivered', attempts: 1 });
    expect(view.attempt_log).toEqual([
      expect.objectContaining({ attempt: 1, outcome: 'delivered', status_code: 200 }),
    ]);
    expect(ok.received.at(-1)!.body).toMatchObject({ event: 'test', title: view.title });
    const audit = await ctx
      .store()
      .db.selectFrom('audit_log')
      .selectAll()
      .where('request_id', '=', res.headers['x-request-id'] as string)
      .execute();
    expect(audit).toEqual([
      expect.objectContaining({ action: 'channel.test', target: 'channel:ok' }),
    ]);
    expect(JSON.parse(audit[0]!.details!)).toMatchObject({ notification: view.id });
  });

  it('answers a refused test with the failure, and 404 for an unknown channel', async () => {
    const refused = await test('refusing');
    expect(refused.statusCode).toBe(200);
    expect(refused.json()).toMatchObject({ status: 'failed', last_status: 400, attempts: 1 });
    // Opsdeck raises an alert on itself for a notification that failed for good.
    const raisedFor = (channel: string) =>
      [...t.alerting.alerts.all()].find(
        (x) => x.labels.alertname === 'OpsdeckNotificationFailed' && x.labels.channel === channel,
      );
    await until(() => raisedFor('refusing') !== undefined);
    expect(raisedFor('refusing')).toMatchObject({
      labels: { severity: 'P2', service: 'opsdeck' },
      annotations: { notification_id: refused.json().id },
      source: 'opsdeck',
    });
    const unknown = await test('nope');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error).toMatchObject({ code: 'not_found' });
    expect(unknown.json().error.message).toContain("'nope'");
  });

  it('lists channels with their effective delivery settings and none of their secrets', async () => {
    const res = await get('/api/v1/channels');
    expect(res.statusCode).toBe(200);
    for (const secret of [...SECRETS, ok.url, 'hooks.slack.com', '127.0.0.1'])
      expect(res.body).not.toContain(secret);
    const byId = Object.fromEntries(
      (res.json().items as Array<{ id: string }>).map((c) => [c.id, c]),
    );
    expect(Object.keys(byId)).toEqual(['chat', 'mail', 'ok', 'refusing']);
    expect(byId.mail).toEqual({
      id: 'mail',
      type: 'email',
      concurrency: 3,
      rate_limit: { max: 10, per: '1m' },
      retry: { attempts: 4, backoff: '2s', max_backoff: '1m' },
      timeout: '10s',
    });
    expect(byId.ok).toMatchObject({ type: 'webhook', retry: { attempts: 6, backoff: '1s' } });
    expect(byId.chat).toMatchObject({ type: 'slack', timeout: '2s' });
    const page = await get('/api/v1/channels?limit=2');
    expect(page.json().items.map((c: { id: string }) => c.id)).toEqual(['chat', 'mail']);
    const next = await get(`/api/v1/channels?limit=2&cursor=${page.json().next_cursor}`);
    expect(next.json()).toMatchObject({ next_cursor: null });
    expect(next.json().items.map((c: { id: string }) => c.id)).toEqual(['ok', 'refusing']);
  });

  it('lists notifications newest first, filtered, in keyset pages', async () => {
    const ids = await t.notifier.enqueue([
      item('ok', { person: 'alice', incidentId: 41, message: message('n1') }),
      item('ok', { person: 'bob', incidentId: 42, message: message('n2') }),
      item('ok', { person: 'alice', incidentId: 42, message: message('n3') }),
    ]);
    for (const id of ids) await t.notifier.waitFor(id, 5_000);
    const alice = await get('/api/v1/notifications?person=alice&channel=ok&status=delivered');
    expect(alice.statusCode).toBe(200);
    expect(
      alice
        .json()
        .items.map((n: { id: string }) => n.id)
        .sort(),
    ).toEqual([ids[0], ids[2]].sort());
    const incident = (await get('/api/v1/notifications?incident=42&event=test')).json();
    expect(incident.items.map((n: { title: string }) => n.title).sort()).toEqual(['n2', 'n3']);
    expect(incident.items[0]).toMatchObject({ attempts: 1, last_status: 200, fallback: [] });
    const failed = (await get('/api/v1/notifications?status=failed')).json();
    expect(failed.items.every((n: { channel: string }) => n.channel === 'refusing')).toBe(true);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await get(
        `/api/v1/notifications?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      const page = res.json() as {
        items: Array<{ id: string; created_at: string }>;
        next_cursor: string | null;
      };
      seen.push(...page.items.map((n) => n.id));
      cursor = page.next_cursor;
    } while (cursor);
    const all = (await get('/api/v1/notifications?limit=500')).json().items as Array<{
      id: string;
      created_at: string;
    }>;
    expect(seen).toEqual(all.map((n) => n.id));
    expect(new Set(seen).size).toBe(seen.length);
    const times = all.map((n) => Date.parse(n.created_at));
    expect([...times].sort((x, y) => y - x)).toEqual(times);
  });

  it('shows one notification with every attempt; 404 for an unknown one', async () => {
    const [id] = await t.notifier.enqueue([item('ok')]);
    await t.notifier.waitFor(id!, 5_000);
    const res = await get(`/api/v1/notifications/${id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id, status: 'delivered', text: 'hello text' });
    expect(res.json().attempt_log).toHaveLength(1);
    const missing = await get('/api/v1/notifications/00000000-0000-0000-0000-000000000000');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('not_found');
  });

  it('answers 400 naming the field at fault', async () => {
    for (const [query, field] of [
      ['status=lost', 'querystring.status'],
      ['incident=abc', 'querystring.incident'],
      ['limit=0', 'querystring.limit'],
      ['cursor=not-a-cursor', 'querystring.cursor'],
    ] as const) {
      const res = await get(`/api/v1/notifications?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.message, query).toContain(field);
    }
  });
});
