import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../store.js';

/**
 * Listing and reporting over 100,000 incidents (measured with `npm run bench:incidents`):
 *
 * - `incidents_opened_idx` becomes (opened_at, id, then every column the incident report
 *   reads). Listing by opening time takes the range's id bounds from it (`listIncidents`),
 *   and the report reads a year of incidents, and counts them by status and source, from
 *   the index alone instead of from rows whose milestones sit behind the wide JSON and
 *   write-up columns (PostgreSQL: 76 → 25 ms for 50,000 incidents). Incidents change a few
 *   times in their life, so keeping the wider index costs little.
 * - `incident_services_incident_idx` becomes (incident_id, service): the services of the
 *   incidents listed, or of a report's id range, are read from the index alone.
 * - PostgreSQL only: statistics on `lower(title)`, the expression the title search filters
 *   on. Without them the planner guesses a word matches 0.01% of titles and scans and sorts
 *   the whole table (70–100 ms) instead of walking the newest incidents until a page is
 *   full (1 ms). Expression statistics exist from PostgreSQL 14; older servers keep the
 *   slower plan. ANALYZE fills them now rather than after autovacuum's next pass, which on a
 *   large, settled table may be far off.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema.dropIndex('incidents_opened_idx').execute();
  await db.schema
    .createIndex('incidents_opened_idx')
    .on('incidents')
    .columns([
      'opened_at',
      'id',
      'severity',
      'status',
      'source',
      'started_at',
      'acknowledged_at',
      'mitigated_at',
      'resolved_at',
      'respond_by',
    ])
    .execute();
  await db.schema.dropIndex('incident_services_incident_idx').execute();
  await db.schema
    .createIndex('incident_services_incident_idx')
    .on('incident_services')
    .columns(['incident_id', 'service'])
    .execute();
  if (dialect !== 'postgres') return;
  const { rows } = await sql<{
    version: number;
  }>`select current_setting('server_version_num')::int as version`.execute(db);
  if ((rows[0]?.version ?? 0) < 140000) return;
  await sql`create statistics incidents_title_lower_stats on (lower(title)) from incidents`.execute(
    db,
  );
  await sql`analyze incidents`.execute(db);
}
