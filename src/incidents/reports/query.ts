/**
 * The report's reads, none per incident and the same SQL on both databases:
 * - incidents opened in [from, to), with only the columns the figures need (most of a
 *   report's time goes to turning rows into JS values);
 * - their affected services, as (incident, service) pairs, by the range's id bounds;
 * - counts by status and source, post-mortem counts and action item counts, aggregated by
 *   the database (a handful of rows);
 * - later, the titles of the breaches listed (`titlesOf`, at most 500).
 * Timestamps become Float64Array columns (NaN for null) so the statistics run over typed
 * arrays rather than tens of thousands of row objects.
 */
import { sql } from 'kysely';
import { openedIdRange, type Db } from '../repository.js';

export interface IncidentColumns {
  n: number;
  id: Float64Array;
  opened: Float64Array;
  /** NaN where unknown (null), as for every timestamp column below. */
  started: Float64Array;
  acknowledged: Float64Array;
  mitigated: Float64Array;
  resolved: Float64Array;
  respondBy: Float64Array;
  severity: (string | null)[];
}

export interface PostmortemCounts {
  /** Post-mortems written or required for the report's incidents. */
  total: number;
  required: number;
  published: number;
  /** Due before now and not published. */
  overdue: number;
}

export interface ActionItemCounts {
  open: number;
  /** Open and due before now. */
  overdue: number;
  done: number;
}

/** Each (incident, service) pair: `row` indexes IncidentColumns. */
export interface ServiceLinks {
  row: Int32Array;
  service: string[];
}

export interface ReportData {
  incidents: IncidentColumns;
  services: ServiceLinks;
  byStatus: Record<string, number>;
  bySource: Record<string, number>;
  postmortems: PostmortemCounts;
  actionItems: ActionItemCounts;
}

const num = (v: number | string | null): number => (v === null ? NaN : Number(v));
/** 1 when `condition` holds, else 0, summed by the database. */
const countIf = (condition: ReturnType<typeof sql>) =>
  sql<number>`sum(case when ${condition} then 1 else 0 end)`;

export async function loadReportData(
  db: Db,
  from: number,
  to: number,
  now: number,
): Promise<ReportData> {
  // The range's id bounds first (index only): affected services are then read by incident
  // id range alone, with no join. The two large reads run one after the other, each turned
  // into typed arrays before the next, so the row objects of one result at most are alive
  // at a time; the small aggregates run alongside.
  const ids = (await openedIdRange(db, from, to)) ?? { lo: 0, hi: -1 };
  const [counts, rows] = await Promise.all([
    countsOf(db, from, to, now),
    (async () => {
      const { incidents, rowOf } = await columnsOf(db, from, to);
      return { incidents, services: await linksOf(db, ids, rowOf) };
    })(),
  ]);
  return { ...rows, ...counts };
}

async function columnsOf(db: Db, from: number, to: number) {
  const rows = await db
    .selectFrom('incidents')
    .select([
      'id',
      'severity',
      'started_at',
      'opened_at',
      'acknowledged_at',
      'mitigated_at',
      'resolved_at',
      'respond_by',
    ])
    .where('opened_at', '>=', from)
    .where('opened_at', '<', to)
    .execute();
  const n = rows.length;
  const col = () => new Float64Array(n);
  const c: IncidentColumns = {
    n,
    id: col(),
    opened: col(),
    started: col(),
    acknowledged: col(),
    mitigated: col(),
    resolved: col(),
    respondBy: col(),
    severity: new Array<string | null>(n),
  };
  const rowOf = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    c.id[i] = Number(r.id);
    c.opened[i] = Number(r.opened_at);
    c.started[i] = num(r.started_at);
    c.acknowledged[i] = num(r.acknowledged_at);
    c.mitigated[i] = num(r.mitigated_at);
    c.resolved[i] = num(r.resolved_at);
    c.respondBy[i] = num(r.respond_by);
    c.severity[i] = r.severity;
    rowOf.set(c.id[i]!, i);
  }
  return { incidents: c, rowOf };
}

async function linksOf(
  db: Db,
  ids: { lo: number; hi: number },
  rowOf: ReadonlyMap<number, number>,
): Promise<ServiceLinks> {
  const links = await db
    .selectFrom('incident_services')
    .select(['incident_id', 'service'])
    .where('incident_id', '>=', ids.lo)
    .where('incident_id', '<=', ids.hi)
    .execute();
  const row = new Int32Array(links.length);
  const service = new Array<string>(links.length);
  let m = 0;
  for (const l of links) {
    const at = rowOf.get(Number(l.incident_id));
    // Opened outside [from, to) though its id is within the bounds (or opened between the
    // reads): not in the report.
    if (at === undefined) continue;
    row[m] = at;
    service[m++] = l.service;
  }
  service.length = m;
  return { row: row.subarray(0, m), service };
}

async function countsOf(db: Db, from: number, to: number, now: number) {
  const [totals, postmortems, items] = await Promise.all([
    db
      .selectFrom('incidents')
      .select(['status', 'source', (eb) => eb.fn.countAll<number>().as('n')])
      .where('opened_at', '>=', from)
      .where('opened_at', '<', to)
      .groupBy(['status', 'source'])
      .execute(),
    db
      .selectFrom('postmortems as p')
      .innerJoin('incidents as i', 'i.id', 'p.incident_id')
      .select([
        (eb) => eb.fn.countAll<number>().as('total'),
        countIf(sql`p.required = 1`).as('required'),
        countIf(sql`p.status = 'published'`).as('published'),
        countIf(sql`p.status <> 'published' and p.due_at < ${now}`).as('overdue'),
      ])
      .where('i.opened_at', '>=', from)
      .where('i.opened_at', '<', to)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('action_items as a')
      .innerJoin('incidents as i', 'i.id', 'a.incident_id')
      .select([
        'a.status',
        (eb) => eb.fn.countAll<number>().as('n'),
        countIf(sql`a.due_at < ${now}`).as('late'),
      ])
      .where('i.opened_at', '>=', from)
      .where('i.opened_at', '<', to)
      .groupBy('a.status')
      .execute(),
  ]);
  const byStatus: Record<string, number> = {};
  const bySource: Record<string, number> = {};
  for (const t of totals) {
    byStatus[t.status] = (byStatus[t.status] ?? 0) + Number(t.n);
    bySource[t.source] = (bySource[t.source] ?? 0) + Number(t.n);
  }
  const actionItems: ActionItemCounts = { open: 0, overdue: 0, done: 0 };
  for (const a of items) {
    if (a.status === 'open') {
      actionItems.open += Number(a.n);
      actionItems.overdue += Number(a.late ?? 0);
    } else if (a.status === 'done') actionItems.done += Number(a.n);
  }
  return {
    byStatus,
    bySource,
    postmortems: {
      total: Number(postmortems.total),
      required: Number(postmortems.required ?? 0),
      published: Number(postmortems.published ?? 0),
      overdue: Number(postmortems.overdue ?? 0),
    },
    actionItems,
  };
}

/** Titles of a few incidents (the breach list), by id. */
export async function titlesOf(db: Db, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('incidents')
    .select(['id', 'title'])
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [Number(r.id), r.title]));
}
