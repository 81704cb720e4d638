import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { isoTime } from '../lib/time.js';

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  actor_name: string | null;
  action: string;
  target: string | null;
  request_id: string | null;
  details: Record<string, unknown>;
}

export interface AuditQuery {
  limit: number;
  /** Return entries with an id below this one (the previous page's `next_cursor`). */
  before?: number | undefined;
  actor?: string | undefined;
  action?: string | undefined;
}

/** Newest first, keyset-paginated by id (stable under concurrent inserts, unlike offsets). */
export async function listAudit(
  db: Kysely<Database>,
  query: AuditQuery,
): Promise<{ items: AuditEntry[]; next_cursor: string | null }> {
  let q = db
    .selectFrom('audit_log')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(query.limit + 1);
  if (query.before !== undefined) q = q.where('id', '<', query.before);
  if (query.actor !== undefined) q = q.where('actor', '=', query.actor);
  if (query.action !== undefined) q = q.where('action', '=', query.action);
  const rows = await q.execute();
  const page = rows.slice(0, query.limit);
  const items = page.map((row): AuditEntry => {
    const { actor_name = null, ...details } = JSON.parse(row.details ?? '{}') as Record<
      string,
      unknown
    >;
    return {
      id: Number(row.id),
      at: isoTime(row.at),
      actor: row.actor,
      actor_name: typeof actor_name === 'string' ? actor_name : null,
      action: row.action,
      target: row.target,
      request_id: row.request_id,
      details,
    };
  });
  const last = items.at(-1);
  return { items, next_cursor: rows.length > query.limit && last ? String(last.id) : null };
}
