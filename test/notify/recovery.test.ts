/**
 * What the outbox promises across restarts and instances, on both dialects: rows left by a
 * crashed instance are delivered once, two instances on one database never send a row twice,
 * cancelled pages stay unsent, a graceful close hands its queue back, old rows are deleted.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { getNotification } from '../../src/notify/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { describeEachDialect } from '../support/dialects.js';
import { until } from '../support/until.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';
import {
  channelsConfig,
  clearOutbox,
  hook,
  idOf,
  item,
  row,
  startNotifier,
  statusOf,
} from './harness.js';

const DAY = 86_400_000;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeEachDialect('notification outbox recovery', (ctx) => {
  let a: WebhookReceiver;
  beforeEach(async () => {
    await clearOutbox(ctx.store());
    a = await startWebhookReceiver();
  });
  afterEach(async () => {
    await a.close();
  });
  const ids = () => a.received.map(idOf);
  const insert = (...rows: ReturnType<typeof row>[]) =>
    ctx.store().db.insertInto('notifications').values(rows).execute();

  it('delivers what a crashed instance left, once, and leaves live leases alone', async () => {
    const now = Date.now();
    const tag = `r${now}`;
    await insert(
      row(`${tag}-0000-0000-0000-000000000001`, 'a'),
      row(`${tag}-0000-0000-0000-000000000002`, 'a', {
        status: 'sending',
        attempts: 1,
        lease_until: now - 1_000,
      }),
      row(`${tag}-0000-0000-0000-000000000003`, 'a', {
        status: 'sending',
        lease_until: now + 60_000,
      }),
      row(`${tag}-0000-0000-0000-000000000004`, 'a', { status: 'delivered' }),
      row(`${tag}-0000-0000-0000-000000000005`, 'a', { next_attempt_at: now + 300 }),
    );
    const { notifier } = await startNotifier(ctx.store(), channelsConfig({ a: hook(a.url) }));
    const later = `${tag}-0000-0000-0000-000000000005`;
    expect((await notifier.waitFor(later, 5_000)).status).toBe('delivered');
    await pause(300);
    expect(ids().sort()).toEqual([1, 2, 5].map((n) => `${tag}-0000-0000-0000-00000000000${n}`));
    const crashed = (await getNotification(ctx.store().db, `${tag}-0000-0000-0000-000000000002`))!;
    expect(crashed).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(crashed.attempt_log.map((x) => x.attempt)).toEqual([2]);
    expect(await statusOf(ctx.store(), `${tag}-0000-0000-0000-000000000003`)).toBe('sending');
  });

  it('takes over rows left sending at once when it owns the storage alone', async () => {
    const now = Date.now();
    const tag = `t${now}`;
    const id = `${tag}-0000-0000-0000-000000000001`;
    // What a kill -9 in the middle of an attempt leaves: sending, under a lease still running.
    await insert(row(id, 'a', { status: 'sending', attempts: 1, lease_until: now + 60_000 }));
    const { notifier } = await startNotifier(ctx.store(), channelsConfig({ a: hook(a.url) }), {
      takeOverAtStart: true,
    });
    expect((await notifier.waitFor(id, 3_000)).status).toBe('delivered');
    expect(Date.now() - now).toBeLessThan(3_000);
    expect(ids()).toEqual([id]);
  });

  it('never has two instances on one database send the same row', async () => {
    // Within one process a SQLite file has one Store; PostgreSQL gets a second pool.
    const other: Store = ctx.dialect === 'postgres' ? await openStore(ctx.url) : ctx.store();
    try {
      const now = Date.now();
      const left = Array.from({ length: 150 }, (_, i) =>
        row(`${String(i).padStart(8, '0')}-1111-2222-3333-${String(now).padStart(12, '0')}`, 'a', {
          ...(i % 3 === 0 ? { status: 'sending', lease_until: now - 1 } : {}),
        }),
      );
      await insert(...left);
      const config = channelsConfig({ a: hook(a.url, { concurrency: 16 }) });
      const [one, two] = await Promise.all([
        startNotifier(ctx.store(), config),
        startNotifier(other, config),
      ]);
      await Promise.all([
        one.notifier.enqueue(Array.from({ length: 25 }, () => item('a'))),
        two.notifier.enqueue(Array.from({ length: 25 }, () => item('a'))),
      ]);
      await until(() => a.received.length >= 200, 15_000);
      await pause(500);
      expect(a.received).toHaveLength(200);
      expect(new Set(ids()).size).toBe(200);
    } finally {
      if (other !== ctx.store()) await other.close();
    }
  });

  it('cancels the incident’s pages that no attempt reached yet', async () => {
    a.reply = (r) => ((r.body as { title?: string }).title === 'blocker' ? { delayMs: 400 } : {});
    const { notifier } = await startNotifier(
      ctx.store(),
      channelsConfig({ a: hook(a.url, { concurrency: 1 }) }),
    );
    const msg = (title: string) => ({ ...item('a').message, title });
    const page = (title: string, extra: object) => ({
      ...item('a'),
      message: msg(title),
      ...extra,
    });
    const [blocker, queued1, queued2, delayed, kept, other] = await notifier.enqueue([
      page('blocker', { incidentId: 1 }),
      page('q1', { incidentId: 7, cancellable: true }),
      page('q2', { incidentId: 7, cancellable: true }),
      page('later', { incidentId: 7, cancellable: true, notBefore: Date.now() + 200 }),
      page('kept', { incidentId: 7 }),
      page('other', { incidentId: 8, cancellable: true }),
    ]);
    const cancel = notifier.cancelForIncident(7);
    await ctx.store().writeBatch(cancel.statements);
    cancel.afterCommit();
    for (const id of [blocker, kept, other])
      expect((await notifier.waitFor(id!, 5_000)).status).toBe('delivered');
    for (const id of [queued1, queued2, delayed])
      expect((await notifier.waitFor(id!, 100)).status).toBe('cancelled');
    await pause(300);
    expect(a.received.map((r) => (r.body as { title: string }).title)).toEqual([
      'blocker',
      'kept',
      'other',
    ]);
  });

  it('on close, finishes the attempt in flight and hands the queue back', async () => {
    a.reply = () => ({ delayMs: 300 });
    const config = channelsConfig({ a: hook(a.url, { concurrency: 1 }) });
    const first = await startNotifier(ctx.store(), config);
    const sent = await first.notifier.enqueue([item('a'), item('a'), item('a')]);
    await until(() => a.received.length === 1);
    await first.notifier.close();
    expect(await statusOf(ctx.store(), sent[0]!)).toBe('delivered');
    for (const id of sent.slice(1)) expect(await statusOf(ctx.store(), id)).toBe('pending');
    a.reply = undefined;
    const second = await startNotifier(ctx.store(), config);
    for (const id of sent.slice(1))
      expect((await second.notifier.waitFor(id, 5_000)).status).toBe('delivered');
    expect(ids()[0]).toBe(sent[0]);
    expect(ids().sort()).toEqual([...sent].sort());
  });

  it('deletes finished notifications and their attempts after 30 days', async () => {
    const old = Date.now() - 31 * DAY;
    const id = (n: number) => `0ld00000-0000-0000-0000-00000000000${n}`;
    await insert(
      row(id(1), 'a', { status: 'delivered', updated_at: old, created_at: old }),
      row(id(2), 'a', { status: 'failed', updated_at: old, created_at: old }),
      row(id(3), 'a', { status: 'pending', updated_at: old, next_attempt_at: Date.now() + DAY }),
      row(id(4), 'a', { status: 'delivered', updated_at: Date.now() - DAY }),
    );
    await ctx
      .store()
      .db.insertInto('notification_attempts')
      .values({
        notification_id: id(1),
        attempt: 1,
        at: old,
        duration_ms: 5,
        outcome: 'delivered',
        status_code: 200,
        detail: null,
      })
      .execute();
    await startNotifier(ctx.store(), channelsConfig({ a: hook(a.url) }));
    await until(async () => (await statusOf(ctx.store(), id(1))) === undefined, 5_000);
    expect(await statusOf(ctx.store(), id(2))).toBeUndefined();
    expect(await statusOf(ctx.store(), id(3))).toBe('pending');
    expect(await statusOf(ctx.store(), id(4))).toBe('delivered');
    const attempts = await ctx
      .store()
      .db.selectFrom('notification_attempts')
      .selectAll()
      .where('notification_id', '=', id(1))
      .execute();
    expect(attempts).toEqual([]);
  });
});
