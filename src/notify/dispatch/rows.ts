/**
 * Outbox rows and the in-memory copy an instance holds while it owns one (status `sending`
 * under its lease).
 */
import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import { bulkStatements, type BatchStatement, type Dialect } from '../../store/index.js';
import type { NotificationsTable } from '../../store/schema.js';
import type { NotificationMessage } from '../message.js';
import type { NewNotification } from './types.js';

export type NotificationRow = Selectable<NotificationsTable>;

/** A notification this instance owns: waiting in its channel's queue or being attempted. */
export interface Held {
  id: string;
  channel: string;
  event: string;
  message: NotificationMessage;
  incidentId: number | null;
  person: string | null;
  fallback: string[];
  cancellable: boolean;
  /** Attempts made so far (the next one is `attempts + 1`). */
  attempts: number;
  /** `lease_until` as stored: renewals and releases match on it. */
  lease: number;
  state: 'queued' | 'inflight';
}

const COLUMNS = [
  ['id', 'text'],
  ['channel', 'text'],
  ['event', 'text'],
  ['incident_id', 'bigint'],
  ['person', 'text'],
  ['message', 'text'],
  ['fallback', 'text'],
  ['status', 'text'],
  ['cancellable', 'integer'],
  ['attempts', 'integer'],
  ['next_attempt_at', 'bigint'],
  ['lease_until', 'bigint'],
  ['created_at', 'bigint'],
  ['updated_at', 'bigint'],
] as const;

/** Insert statements for new rows (one per SQLite chunk, one in all on PostgreSQL). */
export function insertStatements(dialect: Dialect) {
  const statements = bulkStatements(dialect, { table: 'notifications', columns: COLUMNS });
  return (rows: readonly NewRow[]): BatchStatement[] =>
    statements(rows.map((r) => COLUMNS.map(([name]) => r[name])));
}

/** The columns written at insert time. */
export type NewRow = Pick<NotificationRow, (typeof COLUMNS)[number][0]>;

/**
 * A new row. Due now: inserted `sending` under this instance's lease, so the instance that
 * wrote it delivers it right after the commit without a claim. Due later, or no lease (the
 * instance is closing): `pending`, for whichever instance claims it when due.
 */
export function newRow(item: NewNotification, now: number, lease: number | null): NewRow {
  const due = item.notBefore ?? now;
  const immediate = due <= now && lease !== null;
  return {
    id: randomUUID(),
    channel: item.channel,
    event: item.message.event,
    incident_id: item.incidentId ?? null,
    person: item.person ?? null,
    message: JSON.stringify(item.message),
    fallback: JSON.stringify(item.fallback ?? []),
    status: immediate ? 'sending' : 'pending',
    cancellable: item.cancellable ? 1 : 0,
    attempts: 0,
    next_attempt_at: Math.max(due, now),
    lease_until: immediate ? lease : null,
    created_at: now,
    updated_at: now,
  };
}

/** Stands for a stored message that does not parse; such a row fails without an attempt. */
export const UNREADABLE: NotificationMessage = {
  event: 'test',
  title: '(unreadable message)',
  text: '',
  severity: null,
  status: 'firing',
  alerts: [],
  links: { view: '' },
  dedupKey: '',
};

function parseMessage(text: string): NotificationMessage {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null
      ? (value as NotificationMessage)
      : UNREADABLE;
  } catch {
    return UNREADABLE;
  }
}

/** The in-memory copy of a row this instance owns. */
export function heldOf(row: NewRow): Held {
  return {
    id: row.id,
    channel: row.channel,
    event: row.event,
    message: parseMessage(row.message),
    incidentId: row.incident_id,
    person: row.person,
    fallback: parseFallback(row.fallback),
    cancellable: row.cancellable === 1,
    attempts: row.attempts,
    lease: row.lease_until ?? 0,
    state: 'queued',
  };
}

export function parseFallback(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}
