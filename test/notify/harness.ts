/**
 * Notifiers for the dispatcher tests: a live config (tests change it), real webhook channels
 * pointed at receivers on 127.0.0.1, every notifier closed after the test.
 */
import { pino } from 'pino';
import { afterEach } from 'vitest';
import { opsConfigSchema, type OpsConfig } from '../../src/config/index.js';
import {
  Notifier,
  type FailedNotification,
  type NewNotification,
  type NotifierDeps,
} from '../../src/notify/index.js';
import type { NotificationMessage } from '../../src/notify/message.js';
import type { Store } from '../../src/store/index.js';
import type { NotificationsTable } from '../../src/store/schema.js';
import { createMetrics, type Metrics } from '../../src/telemetry/metrics.js';
import type { Received } from '../support/webhook-receiver.js';

/** A config that only has channels (input shape: durations as text). */
export function channelsConfig(channels: Record<string, Record<string, unknown>>): OpsConfig {
  return opsConfigSchema.parse({ channels });
}

/** A webhook channel with short retries, so tests stay fast. */
export function hook(url: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'webhook',
    url,
    retry: { attempts: 3, backoff: '20ms', max_backoff: '1s' },
    timeout: '1s',
    ...extra,
  };
}

export function message(title = 'hello', overrides: Partial<NotificationMessage> = {}) {
  return {
    event: 'test',
    title,
    text: `${title} text`,
    severity: null,
    status: 'firing',
    alerts: [],
    links: { view: 'http://127.0.0.1:8080/x' },
    dedupKey: `dedup-${title}`,
    ...overrides,
  } satisfies NotificationMessage;
}

export function item(channel: string, extra: Partial<NewNotification> = {}): NewNotification {
  return { channel, message: message(), ...extra };
}

export interface Harness {
  notifier: Notifier;
  config: { current: OpsConfig };
  failed: FailedNotification[];
  metrics: Metrics;
}

const open: Notifier[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((n) => n.close()));
});

/** A started notifier on `store`; closed after the test. */
export async function startNotifier(
  store: Store,
  config: OpsConfig,
  extra: Partial<NotifierDeps> = {},
): Promise<Harness> {
  const holder = { current: config };
  const failed: FailedNotification[] = [];
  const metrics = createMetrics();
  const notifier = new Notifier({
    store,
    logger: pino({ level: 'silent' }),
    metrics,
    config: () => holder.current,
    onExhausted: (f) => failed.push(f),
    sweepIntervalMs: 100,
    ...extra,
  });
  open.push(notifier);
  await notifier.start();
  return { notifier, config: holder, failed, metrics };
}

/** The notification id a webhook request carried. */
export function idOf(r: Received): string {
  return String(r.headers['idempotency-key']);
}

/** A row as another instance (or an earlier run) left it. */
export function row(
  id: string,
  channel: string,
  fields: Partial<NotificationsTable> = {},
): NotificationsTable {
  const now = Date.now();
  return {
    id,
    channel,
    event: 'test',
    incident_id: null,
    person: null,
    message: JSON.stringify(message(id)),
    fallback: '[]',
    status: 'pending',
    cancellable: 0,
    attempts: 0,
    next_attempt_at: now,
    lease_until: null,
    created_at: now,
    updated_at: now,
    delivered_at: null,
    last_status: null,
    last_detail: null,
    ...fields,
  };
}

export async function statusOf(store: Store, id: string): Promise<string | undefined> {
  const r = await store.db
    .selectFrom('notifications')
    .select('status')
    .where('id', '=', id)
    .executeTakeFirst();
  return r?.status;
}

/** Empties the outbox: rows a previous test's notifier handed back must not reach this one. */
export async function clearOutbox(store: Store): Promise<void> {
  await store.db.deleteFrom('notification_attempts').execute();
  await store.db.deleteFrom('notifications').execute();
}
