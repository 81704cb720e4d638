/**
 * Writes the synthetic history (data.ts) into fresh storage through the store itself:
 * `openStore` + `migrate()`, then `bulkInserter` (multi-row VALUES on SQLite, one JSON
 * parameter per statement on PostgreSQL), one transaction per chunk of incidents.
 * Explicit ids keep the timeline rows pointing at their incident; PostgreSQL's identity
 * sequences are moved past them afterwards so the server's own inserts do not collide.
 */
import { sql } from 'kysely';
import { bulkInserter, openStore, type BulkColumnType, type Store } from '../../src/store/index.js';
import type { History, Rows } from './data.js';

type Columns = ReadonlyArray<readonly [string, BulkColumnType]>;
const cols = (spec: string): Columns =>
  spec.split(' ').map((c) => {
    const [name, type] = c.split(':') as [string, string | undefined];
    return [name, (type ?? 'text') as BulkColumnType] as const;
  });

const TABLES: Record<keyof Rows, { table: string; columns: Columns }> = {
  incidents: {
    table: 'incidents',
    columns: cols(
      'id:bigint key title severity service status source labels policy_id policy step:integer ' +
        'round:integer next_escalation_at:bigint snoozed_until:bigint opened_at:bigint ' +
        'acknowledged_at:bigint acknowledged_by resolved_at:bigint resolved_by updated_at:bigint ' +
        'started_at:bigint mitigated_at:bigint closed_at:bigint closed_by respond_by:bigint ' +
        'declared_by summary impact root_cause resolution roles links alerts',
    ),
  },
  services: { table: 'incident_services', columns: cols('service incident_id:bigint') },
  events: {
    table: 'incident_events',
    columns: cols('id:bigint incident_id:bigint at:bigint kind actor detail pinned:integer'),
  },
  updates: {
    table: 'incident_updates',
    columns: cols('id:bigint incident_id:bigint at:bigint status message author'),
  },
  postmortems: {
    table: 'postmortems',
    columns: cols(
      'incident_id:bigint status body owner required:integer due_at:bigint ' +
        'next_reminder_at:bigint reminders:integer created_at:bigint updated_at:bigint ' +
        'updated_by published_at:bigint published_by',
    ),
  },
  actionItems: {
    table: 'action_items',
    columns: cols(
      'id:bigint incident_id:bigint title owner due_at:bigint url status created_at:bigint ' +
        'created_by updated_at:bigint done_at:bigint done_by',
    ),
  },
};

/** Identity columns whose sequence must follow the explicit ids (PostgreSQL). */
const SERIAL = ['incidents', 'incident_events', 'incident_updates', 'action_items'];

export interface SeedFigures {
  ms: number;
  rows: Record<string, number>;
}

const CHUNK = 5_000;

export async function seed(
  url: string,
  data: History,
  log: (text: string) => void,
): Promise<SeedFigures> {
  const t0 = performance.now();
  const store: Store = await openStore(url);
  const rows: Record<string, number> = {};
  try {
    await store.migrate();
    const inserters = Object.fromEntries(
      Object.entries(TABLES).map(([k, spec]) => [k, bulkInserter(store.dialect, spec)]),
    ) as Record<keyof Rows, ReturnType<typeof bulkInserter>>;
    const count = data.opened.length;
    for (let from = 0; from < count; from += CHUNK) {
      const chunk = data.rows(from, Math.min(count, from + CHUNK));
      await store.db.transaction().execute(async (trx) => {
        for (const key of Object.keys(TABLES) as (keyof Rows)[]) {
          await inserters[key](trx as never, chunk[key]);
          rows[TABLES[key].table] = (rows[TABLES[key].table] ?? 0) + chunk[key].length;
        }
      });
      if ((from / CHUNK) % 5 === 4) log(`  seeded ${Math.min(count, from + CHUNK)} incidents`);
    }
    if (store.dialect === 'postgres') {
      for (const table of SERIAL)
        await sql`select setval(pg_get_serial_sequence(${table}, 'id'), (select max(id) from ${sql.table(table)}))`.execute(
          store.db,
        );
    }
  } finally {
    await store.close();
  }
  return { ms: performance.now() - t0, rows };
}
