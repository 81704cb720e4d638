/**
 * The notification dispatcher against real webhook receivers on 127.0.0.1, on both dialects:
 * delivery and its attempt log, retries and their timing, Retry-After, refusals, fallbacks,
 * timeouts, and the per-channel isolation, rate limit and concurrency cap.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { getNotification } from '../../src/notify/index.js';
import { describeEachDialect } from '../support/dialects.js';
import { until } from '../support/until.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';
import {
  channelsConfig,
  clearOutbox,
  hook,
  idOf,
  item,
  message,
  startNotifier,
} from './harness.js';

describeEachDialect('notification dispatcher', (ctx) => {
  let a: WebhookReceiver;
  let b: WebhookReceiver;
  /** Arrival times at `a`, in ms. */
  let arrivals: number[];
  beforeEach(async () => {
    await clearOutbox(ctx.store());
    a = await startWebhookReceiver();
    b = await startWebhookReceiver();
    arrivals = [];
  });
  afterEach(async () => {
    await a.close();
    await b.close();
  });
  const at = (status: number | ((n: number) => number), headers?: Record<string, string>) => {
    a.reply = () => {
      arrivals.push(Date.now());
      const code = typeof status === 'number' ? status : status(arrivals.length);
      return { status: code, headers, body: code >= 300 ? 'nope' : '{}' };
    };
  };

  it('delivers right after the commit and records the attempt', async () => {
    const { notifier, metrics } = await startNotifier(
      ctx.store(),
      channelsConfig({ a: hook(`${a.url}/hook`) }),
    );
    const t0 = Date.now();
    const [id] = await notifier.enqueue([item('a', { person: 'alice', incidentId: 7 })]);
    await until(() => a.received.length === 1, 5_000);
    // No polling between the commit and the POST (the target is ≤ 50 ms at p99; CI has slack).
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(idOf(a.received[0]!)).toBe(id);
    expect(a.received[0]!.body).toMatchObject({ event: 'test', title: 'hello' });
    const view = await notifier.waitFor(id!, 5_000);
    expect(view).toMatchObject({
      id,
      channel: 'a',
      status: 'delivered',
      attempts: 1,
      person: 'alice',
      incident_id: 7,
      last_status: 200,
      next_attempt_at: null,
    });
    expect(view.delivered_at).not.toBeNull();
    expect(view.attempt_log).toEqual([
      expect.objectContaining({ attempt: 1, outcome: 'delivered', status_code: 200 }),
    ]);
    // Counted once the outcome's commit returns, which may be just after the row reads delivered.
    await until(async () =>
      /opsdeck_notifications_total\{channel_kind="webhook",outcome="delivered"\} 1/.test(
        await metrics.render(),
      ),
    );
    const text = await metrics.render();
    expect(text).toMatch(/opsdeck_notification_attempt_seconds_count\{.*outcome="delivered".*\} 1/);
    expect(text).toMatch(/opsdeck_notifications_pending 0/);
  });

  it('retries a 503 after the backoff, then records the delivery', async () => {
    at((n) => (n === 1 ? 503 : 200));
    const { notifier } = await startNotifier(
      ctx.store(),
      channelsConfig({
        a: hook(a.url, { retry: { attempts: 3, backoff: '200ms', max_backoff: '1s' } }),
      }),
    );
    const [id] = await notifier.enqueue([item('a')]);
    const view = await notifier.waitFor(id!, 5_000);
    expect(view.status).toBe('delivered');
    expect(view.attempt_log.map((x) => [x.outcome, x.status_code])).toEqual([
      ['retry', 503],
      ['delivered', 200],
    ]);
    // backoff 200 ms ± 20 % jitter, plus the claim and the request.
    const gap = arrivals[1]! - arrivals[0]!;
    expect(gap).toBeGreaterThanOrEqual(155);
    expect(gap).toBeLessThan(240 + 400);
  });

  it('stores the retry time, so the retry survives a restart', async () => {
    at(503);
    const config = channelsConfig({
      a: hook(a.url, { retry: { attempts: 3, backoff: '1m', max_backoff: '5m' } }),
    });
    const first = await startNotifier(ctx.store(), config);
    const [id] = await first.notifier.enqueue([item('a')]);
    await until(async () => (await getNotification(ctx.store().db, id!))?.attempts === 1);
    const view = (await getNotification(ctx.store().db, id!))!;
    expect(view.status).toBe('pending');
    const due = Date.parse(view.next_attempt_at!) - Date.parse(view.attempt_log[0]!.at);
    expect(due).toBeGreaterThanOrEqual(48_000);
    expect(due).toBeLessThanOrEqual(72_500);
  });

  it('waits as long as Retry-After says (429), not the backoff', async () => {
    at((n) => (n === 1 ? 429 : 200), { 'retry-after': '1' });
    const { notifier } = await startNotifier(
      ctx.store(),
      channelsConfig({ a: hook(a.url, { retry: { attempts: 3, backoff: '10ms' } }) }),
    );
    const [id] = await notifier.enqueue([item('a')]);
    const view = await notifier.waitFor(id!, 5_000);
    expect(view.status).toBe('delivered');
    expect(arrivals[1]! - arrivals[0]!).toBeGreaterThanOrEqual(950);
    expect(view.attempt_log[0]).toMatchObject({ outcome: 'retry', status_code: 429 });
  });

  it('does not retry a 400; the notification fails and onExhausted hears of it', async () => {
    at(400);
    const h = await startNotifier(ctx.store(), channelsConfig({ a: hook(a.url) }));
    const [id] = await h.notifier.enqueue([item('a')]);
    const view = await h.notifier.waitFor(id!, 5_000);
    expect(view).toMatchObject({ status: 'failed', attempts: 1, last_status: 400 });
    expect(view.attempt_log).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 150));
    expect(a.received).toHaveLength(1);
    expect(h.failed).toEqual([
      expect.objectContaining({
        id,
        channel: 'a',
        channelKind: 'webhook',
        attempts: 1,
        lastStatus: 400,
        fallbackChannel: null,
      }),
    ]);
    await until(async () =>
      /opsdeck_notifications_failed_total\{channel="a"\} 1/.test(await h.metrics.render()),
    );
  });

  it('moves on to the fallback channel once the attempts are exhausted', async () => {
    at(503);
    const h = await startNotifier(
      ctx.store(),
      channelsConfig({
        a: hook(a.url, { retry: { attempts: 2, backoff: '10ms' } }),
        b: hook(b.url),
      }),
    );
    const [id] = await h.notifier.enqueue([
      item('a', { person: 'bob', incidentId: 3, fallback: ['b'], message: message('page') }),
    ]);
    await until(() => b.received.length === 1, 5_000);
    expect(a.received).toHaveLength(2);
    expect(b.received[0]!.body).toMatchObject({ title: 'page' });
    const fallbackId = idOf(b.received[0]!);
    const fallback = await h.notifier.waitFor(fallbackId, 5_000);
    expect(fallback).toMatchObject({
      channel: 'b',
      status: 'delivered',
      person: 'bob',
      incident_id: 3,
      fallback: [],
    });
    expect((await getNotification(ctx.store().db, id!))!.status).toBe('failed');
    expect(h.failed).toEqual([
      expect.objectContaining({ id, attempts: 2, lastStatus: 503, fallbackChannel: 'b' }),
    ]);
  });

  it('gives up on an attempt at the channel timeout', async () => {
    a.reply = () => ({ status: 200, delayMs: 3_000 });
    const { notifier } = await startNotifier(
      ctx.store(),
      channelsConfig({ a: hook(a.url, { timeout: '200ms', retry: { attempts: 1 } }) }),
    );
    const t0 = Date.now();
    const [id] = await notifier.enqueue([item('a')]);
    const view = await notifier.waitFor(id!, 5_000);
    expect(Date.now() - t0).toBeLessThan(1_500);
    expect(view.status).toBe('failed');
    expect(view.attempt_log[0]).toMatchObject({ outcome: 'retry', status_code: null });
    expect(view.attempt_log[0]!.duration_ms).toBeGreaterThanOrEqual(190);
    expect(view.last_detail).toMatch(/timeout|no answer/);
  });

  it('keeps a hung channel from delaying another one', async () => {
    a.reply = () => ({ status: 200, delayMs: 2_000 });
    const { notifier } = await startNotifier(
      ctx.store(),
      channelsConfig({
        a: hook(a.url, { timeout: '1500ms', concurrency: 1, retry: { attempts: 1 } }),
        b: hook(b.url),
      }),
    );
    await notifier.enqueue([item('a'), item('a'), item('a')]);
    const t0 = Date.now();
    const [id] = await notifier.enqueue([item('b')]);
    await until(() => b.received.length === 1, 5_000);
    expect(Date.now() - t0).toBeLessThan(500);
    expect((await notifier.waitFor(id!, 1_000)).status).toBe('delivered');
    expect(a.received).toHaveLength(1);
  });

  it('holds a channel to its rate limit', async () => {
    const { notifier } = await startNotifier(
      ctx.store(),
      channelsConfig({ a: hook(a.url, { rate_limit: { max: 2, per: '200ms' } }) }),
    );
    at(200);
    const t0 = Date.now();
    await notifier.enqueue(Array.from({ length: 6 }, () => item('a')));
    await until(() => a.received.length === 6, 5_000);
    // A burst of 2, then one every 100 ms: the 6th goes out 400 ms after the first.
    expect(arrivals[5]! - t0).toBeGreaterThanOrEqual(380);
    expect(arrivals[2]! - t0).toBeGreaterThanOrEqual(95);
  });

  it('holds a channel to its concurrency cap', async () => {
    let inFlight = 0;
    let most = 0;
    a.reply = () => {
      inFlight++;
      most = Math.max(most, inFlight);
      setTimeout(() => inFlight--, 100);
      return { status: 200, delayMs: 100 };
    };
    const { notifier } = await startNotifier(
      ctx.store(),
      channelsConfig({ a: hook(a.url, { concurrency: 2 }) }),
    );
    const ids = await notifier.enqueue(Array.from({ length: 6 }, () => item('a')));
    for (const id of ids) expect((await notifier.waitFor(id, 5_000)).status).toBe('delivered');
    expect(most).toBe(2);
  });

  it('fails a notification whose channel left the config, without an attempt', async () => {
    a.reply = () => ({ status: 200, delayMs: 300 });
    const h = await startNotifier(
      ctx.store(),
      channelsConfig({ a: hook(a.url, { concurrency: 1 }), b: hook(b.url) }),
    );
    const [, second] = await h.notifier.enqueue([item('a'), item('a')]);
    h.config.current = channelsConfig({ b: hook(b.url) });
    const view = await h.notifier.waitFor(second!, 5_000);
    expect(view).toMatchObject({ status: 'failed', attempts: 0, attempt_log: [] });
    expect(view.last_detail).toBe("channel 'a' is no longer in the config");
    expect(h.failed[0]).toMatchObject({ id: second, channelKind: null });
  });

  it('fails a message the channel cannot deliver at all, without an attempt', async () => {
    const h = await startNotifier(
      ctx.store(),
      channelsConfig({
        mail: { type: 'email', host: '127.0.0.1', port: 1, from: 'ops@example.com' },
      }),
    );
    const [id] = await h.notifier.enqueue([item('mail')]);
    const view = await h.notifier.waitFor(id!, 5_000);
    expect(view).toMatchObject({ status: 'failed', attempts: 0, attempt_log: [] });
    expect(view.last_detail).toBeTruthy();
  });

  it('delivers a delayed notification when it is due, not before', async () => {
    const { notifier } = await startNotifier(ctx.store(), channelsConfig({ a: hook(a.url) }));
    at(200);
    const t0 = Date.now();
    const [id] = await notifier.enqueue([item('a', { notBefore: t0 + 300 })]);
    expect((await getNotification(ctx.store().db, id!))!.status).toBe('pending');
    expect((await notifier.waitFor(id!, 5_000)).status).toBe('delivered');
    expect(arrivals[0]! - t0).toBeGreaterThanOrEqual(290);
  });
});
