/** Reading the outbox back for the API: newest first, keyset pages, and one with its attempts. */
import type { Kysely } from 'kysely';
import { isoTime, isoTimeOrNull } from '../../lib/time.js';
import type { Database } from '../../store/schema.js';
import type { NotificationMessage } from '../message.js';
import { parseFallback, type NotificationRow } from './rows.js';
import type {
  AttemptView,
  NotificationStatus,
  NotificationSummary,
  NotificationView,
} from './types.js';

export const NOTIFICATION_STATUSES = [
  'pending',
  'sending',
  'delivered',
  'failed',
  'cancelled',
] as const satisfies readonly NotificationStatus[];

export interface NotificationQuery {
  limit: number;
  /** The previous page's `next_cursor`, parsed. */
  after?: PageKey | undefined;
  channel?: string | undefined;
  status?: NotificationStatus | undefined;
  incident?: number | undefined;
  person?: string | undefined;
  event?: string | undefined;
}

/** Where a page ended: `created_at` and `id` of its last row. */
export interface PageKey {
  createdAt: number;
  id: string;
}

const CURSOR_RE = /^(\d{1,16})_([0-9a-f-]{36})$/;

/** The key in a cursor, or undefined when it is not one of ours. */
export function parseCursor(text: string): PageKey | undefined {
  const m = CURSOR_RE.exec(text);
  return m ? { createdAt: Number(m[1]), id: m[2]! } : undefined;
}

export async function listNotifications(
  db: Kysely<Database>,
  q: NotificationQuery,
): Promise<{ items: NotificationSummary[]; next_cursor: string | null }> {
  let query = db
    .selectFrom('notifications')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(q.limit + 1);
  const after = q.after;
  if (after)
    query = query.where((eb) =>
      eb.or([
        eb('created_at', '<', after.createdAt),
        eb.and([eb('created_at', '=', after.createdAt), eb('id', '<', after.id)]),
      ]),
    );
  if (q.channel !== undefined) query = query.where('channel', '=', q.channel);
  if (q.status !== undefined) query = query.where('status', '=', q.status);
  if (q.incident !== undefined) query = query.where('incident_id', '=', q.incident);
  if (q.person !== undefined) query = query.where('person', '=', q.person);
  if (q.event !== undefined) query = query.where('event', '=', q.event);
  const rows = await query.execute();
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => summaryOf(r, messageOf(r))),
    next_cursor: rows.length > q.limit && last ? `${last.created_at}_${last.id}` : null,
  };
}

/** One notification with every attempt, or undefined. */
export async function getNotification(
  db: Kysely<Database>,
  id: string,
): Promise<NotificationView | undefined> {
  const row = await db
    .selectFrom('notifications')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const attempts = await db
    .selectFrom('notification_attempts')
    .selectAll()
    .where('notification_id', '=', id)
    .orderBy('attempt')
    .execute();
  const message = messageOf(row);
  return {
    ...summaryOf(row, message),
    text: message?.text ?? '',
    attempt_log: attempts.map((a): AttemptView => ({
      attempt: a.attempt,
      at: isoTime(a.at),
      duration_ms: a.duration_ms,
      outcome: a.outcome as AttemptView['outcome'],
      status_code: a.status_code,
      detail: a.detail,
    })),
  };
}

function messageOf(row: NotificationRow): Partial<NotificationMessage> | undefined {
  try {
    return JSON.parse(row.message) as Partial<NotificationMessage>;
  } catch {
    return undefined;
  }
}

function summaryOf(
  r: NotificationRow,
  message: Partial<NotificationMessage> | undefined,
): NotificationSummary {
  return {
    id: r.id,
    channel: r.channel,
    event: r.event,
    incident_id: r.incident_id,
    person: r.person,
    title: message?.title ?? '',
    status: r.status as NotificationStatus,
    attempts: r.attempts,
    fallback: parseFallback(r.fallback),
    created_at: isoTime(r.created_at),
    updated_at: isoTime(r.updated_at),
    next_attempt_at: r.status === 'pending' ? isoTime(r.next_attempt_at) : null,
    delivered_at: isoTimeOrNull(r.delivered_at),
    last_status: r.last_status,
    last_detail: r.last_detail,
  };
}
