import { isoTime } from '../lib/time.js';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { STATUS_OF_CODE } from './history/index.js';
import type { ProbeStatus } from './probe.js';

export interface StoredResultPage {
  items: Array<{
    at: string;
    status: ProbeStatus;
    latency_ms: number;
    reason: string | null;
    details: Record<string, unknown> | null;
  }>;
  next_cursor: string | null;
}

/** Raw results of one check, newest first, within [from, to); cursor is the last `at` seen. */
export async function listResults(
  db: Kysely<Database>,
  checkId: number,
  q: { from: number; to: number; limit: number; before?: number | undefined },
): Promise<StoredResultPage> {
  const rows = await db
    .selectFrom('check_results')
    .selectAll()
    .where('check_id', '=', checkId)
    .where('at', '>=', q.from)
    .where('at', '<', Math.min(q.to, q.before ?? Infinity))
    .orderBy('at', 'desc')
    .limit(q.limit + 1)
    .execute();
  const more = rows.length > q.limit;
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((r) => ({
      at: isoTime(r.at),
      status: STATUS_OF_CODE[r.status] ?? 'down',
      latency_ms: r.latency_us / 1000,
      reason: r.reason,
      details: r.details ? (JSON.parse(r.details) as Record<string, unknown>) : null,
    })),
    next_cursor: more ? String(page[page.length - 1]!.at) : null,
  };
}

/** State changes of one check, newest first; cursor is the last event id seen. */
export async function listEvents(
  db: Kysely<Database>,
  checkId: number,
  q: { limit: number; before?: number | undefined },
) {
  let query = db
    .selectFrom('check_events')
    .selectAll()
    .where('check_id', '=', checkId)
    .orderBy('id', 'desc')
    .limit(q.limit + 1);
  if (q.before !== undefined) query = query.where('id', '<', q.before);
  const rows = await query.execute();
  const more = rows.length > q.limit;
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((r) => ({
      at: isoTime(r.at),
      from: r.from_state,
      to: r.to_state,
      reason: r.reason,
    })),
    next_cursor: more ? String(page[page.length - 1]!.id) : null,
  };
}
