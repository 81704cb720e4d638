/** Incident reads and the few writes shared by every verb. Same queries on both databases. */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../store/schema.js';
import type { IncidentEventView, IncidentRow, IncidentStatus } from './types.js';
import { isoTime } from '../lib/time.js';

export type Db = Kysely<Database> | Transaction<Database>;

export async function incidentRow(db: Db, id: number): Promise<IncidentRow | undefined> {
  return db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function addEvent(
  db: Db,
  incidentId: number,
  at: number,
  kind: string,
  actor: string | null,
  detail?: Record<string, unknown>,
): Promise<void> {
  await db
    .insertInto('incident_events')
    .values({
      incident_id: incidentId,
      at,
      kind,
      actor,
      detail: detail ? JSON.stringify(detail) : null,
    })
    .execute();
}

export interface IncidentQuery {
  status?: IncidentStatus[] | undefined;
  service?: string | undefined;
  limit: number;
  /** Id to page below (newest first). */
  before?: number | undefined;
}

export async function listIncidents(db: Db, q: IncidentQuery): Promise<IncidentRow[]> {
  let query = db.selectFrom('incidents').selectAll().orderBy('id', 'desc').limit(q.limit);
  if (q.status && q.status.length > 0) query = query.where('status', 'in', q.status);
  if (q.service) query = query.where('service', '=', q.service);
  if (q.before !== undefined) query = query.where('id', '<', q.before);
  return query.execute();
}

export async function incidentEvents(db: Db, incidentId: number): Promise<IncidentEventView[]> {
  const rows = await db
    .selectFrom('incident_events')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    at: isoTime(Number(r.at)),
    kind: r.kind,
    actor: r.actor,
    detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null,
  }));
}

/** Who was paged for an incident (channel and person), for acknowledgement and resolution updates. */
export async function pagedTargets(
  db: Db,
  incidentId: number,
): Promise<{ channel: string; person: string | null }[]> {
  return db
    .selectFrom('notifications')
    .select(['channel', 'person'])
    .distinct()
    .where('incident_id', '=', incidentId)
    .where('event', 'in', ['incident.triggered', 'incident.escalated'])
    .where('status', 'in', ['delivered', 'sending', 'pending'])
    .execute();
}
