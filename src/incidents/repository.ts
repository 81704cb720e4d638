/** Incident reads and the few writes shared by every verb. Same queries on both databases. */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../store/schema.js';
import {
  incidentView,
  type IncidentEventView,
  type IncidentRow,
  type IncidentView,
} from './types.js';
import { OPEN_STATUSES, type IncidentStatus } from './lifecycle.js';
import { isoTime } from '../lib/time.js';

export type Db = Kysely<Database> | Transaction<Database>;

export async function incidentRow(db: Db, id: number): Promise<IncidentRow | undefined> {
  return db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Affected services of each incident, in the order they were added. */
export async function servicesOf(db: Db, ids: readonly number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('incident_services')
    .select(['incident_id', 'service'])
    .where('incident_id', 'in', ids)
    .orderBy('service')
    .execute();
  for (const r of rows) out.get(Number(r.incident_id))?.push(r.service);
  return out;
}

/** Rows as views, with their services (one query for all). */
export async function viewsOf(db: Db, rows: readonly IncidentRow[]): Promise<IncidentView[]> {
  const services = await servicesOf(
    db,
    rows.map((r) => Number(r.id)),
  );
  const now = Date.now();
  return rows.map((r) => incidentView(r, services.get(Number(r.id)) ?? [], now));
}

export async function loadView(db: Db, id: number): Promise<IncidentView | undefined> {
  const row = await incidentRow(db, id);
  return row ? (await viewsOf(db, [row]))[0] : undefined;
}

/** Replaces an incident's affected services. */
export async function setServices(db: Db, id: number, services: readonly string[]): Promise<void> {
  await db.deleteFrom('incident_services').where('incident_id', '=', id).execute();
  if (services.length > 0)
    await db
      .insertInto('incident_services')
      .values([...new Set(services)].map((service) => ({ service, incident_id: id })))
      .execute();
}

/** The id of the open incident of an alert group or other key, if any. */
export async function openIncidentIdOf(db: Db, key: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('incidents')
    .select('id')
    .where('key', '=', key)
    .where('status', 'in', OPEN_STATUSES)
    .executeTakeFirst();
  return row ? Number(row.id) : undefined;
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
  status?: readonly IncidentStatus[] | undefined;
  severity?: readonly string[] | undefined;
  service?: string | undefined;
  source?: string | undefined;
  /** Case-insensitive words of the title. */
  q?: string | undefined;
  /** Opened in [from, to). */
  from?: number | undefined;
  to?: number | undefined;
  /** Only incidents that breached (true) or kept (false) their response deadline. */
  breached?: boolean | undefined;
  limit: number;
  /** Id to page below (newest first). */
  before?: number | undefined;
}

/** `%`, `_` and `\` match themselves in a LIKE pattern escaped with `\`. */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The ids of the incidents opened in [from, to): lowest, highest, and how many (the count
 * also keeps PostgreSQL from turning min/max into primary-key walks, the very trap this
 * avoids). One range scan of `incidents_opened_idx` (opened_at, id, …), which covers it.
 * Null when there are none.
 */
export async function openedIdRange(
  db: Db,
  from: number | undefined,
  to: number | undefined,
): Promise<{ lo: number; hi: number } | null> {
  let query = db
    .selectFrom('incidents')
    .select((eb) => [
      eb.fn.min<number>('id').as('lo'),
      eb.fn.max<number>('id').as('hi'),
      eb.fn.countAll<number>().as('n'),
    ]);
  if (from !== undefined) query = query.where('opened_at', '>=', from);
  if (to !== undefined) query = query.where('opened_at', '<', to);
  const r = await query.executeTakeFirstOrThrow();
  return Number(r.n) === 0 ? null : { lo: Number(r.lo), hi: Number(r.hi) };
}

export async function listIncidents(db: Db, q: IncidentQuery): Promise<IncidentRow[]> {
  let query = db.selectFrom('incidents').selectAll().orderBy('id', 'desc').limit(q.limit);
  if (q.from !== undefined || q.to !== undefined) {
    // Newest first by id with a filter on opened_at: both databases otherwise either walk
    // the primary key from the newest incident through every one opened after `to` (180 ms
    // for a month two years back in 100,000 incidents) or sort the whole range (250 ms for
    // two years). Ids follow opening times closely, so bounding the walk by the range's
    // lowest and highest ids finds the page at once. The bounds are exact, so no row is lost
    // if some id is out of order. (Measured with `npm run bench:incidents`.)
    const ids = await openedIdRange(db, q.from, q.to);
    if (ids === null) return [];
    query = query.where('id', '>=', ids.lo).where('id', '<=', ids.hi);
  }
  if (q.status && q.status.length > 0) query = query.where('status', 'in', q.status);
  if (q.severity && q.severity.length > 0) query = query.where('severity', 'in', q.severity);
  if (q.source) query = query.where('source', '=', q.source);
  if (q.service)
    query = query.where('id', 'in', (eb) =>
      eb.selectFrom('incident_services').select('incident_id').where('service', '=', q.service!),
    );
  if (q.q) query = query.where(sql<boolean>`lower(title) like ${likePattern(q.q)} escape '\\'`);
  if (q.from !== undefined) query = query.where('opened_at', '>=', q.from);
  if (q.to !== undefined) query = query.where('opened_at', '<', q.to);
  if (q.breached !== undefined) {
    const late = sql<boolean>`coalesce(acknowledged_at, resolved_at, ${Date.now()}) > respond_by`;
    query = q.breached
      ? query.where('respond_by', 'is not', null).where(late)
      : query.where((eb) => eb.or([eb('respond_by', 'is', null), eb.not(late)]));
  }
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
    pinned: Number(r.pinned) === 1,
  }));
}

/**
 * Who was (or is being) paged for an incident, by channel and person, for acknowledgement and
 * resolution updates: pages delivered, on their way, or waiting to retry. A page still waiting
 * for its first attempt (a person's delayed rule) is cancelled instead, so it is not here.
 */
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
    .where((eb) =>
      eb.or([
        eb('status', 'in', ['delivered', 'sending']),
        eb.and([eb('status', '=', 'pending'), eb('attempts', '>', 0)]),
      ]),
    )
    .execute();
}

export interface UpdateView {
  id: number;
  at: string;
  status: string;
  message: string;
  author: string;
}

/** Public updates of an incident, newest first. */
export async function updatesOf(db: Db, incidentId: number): Promise<UpdateView[]> {
  const rows = await db
    .selectFrom('incident_updates')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    at: isoTime(Number(r.at)),
    status: r.status,
    message: r.message,
    author: r.author,
  }));
}
