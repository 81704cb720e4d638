import { sql, type CreateTableBuilder, type Kysely } from 'kysely';
import type { Dialect } from '../store.js';

/**
 * Checks and their history. Result and rollup rows are the bulk of the database (20,000 checks
 * every 30 s make 57.6 million results a day), so they are kept narrow: an integer check id,
 * integer times and microseconds, and text only when a run failed. On SQLite they are
 * WITHOUT ROWID tables clustered on (check_id, at): one b-tree instead of a table plus an
 * index, and a check's history is one contiguous range.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const clustered = <T extends string, C extends string>(t: CreateTableBuilder<T, C>) =>
    dialect === 'sqlite' ? t.modifyEnd(sql`without rowid`) : t;

  await db.schema
    .createTable('checks')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('config_hash', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('state_since', 'bigint')
    .addColumn('state_reason', 'text')
    .addColumn('paused', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('heartbeat_uuid', 'text', (c) => c.unique())
    .addColumn('last_ping_at', 'bigint')
    .addColumn('open_runs', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('removed_at', 'bigint')
    .execute();

  await clustered(
    db.schema
      .createTable('check_results')
      .addColumn('check_id', 'integer', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('status', 'integer', (c) => c.notNull())
      .addColumn('latency_us', 'integer', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('details', 'text')
      .addPrimaryKeyConstraint('check_results_pk', ['check_id', 'at']),
  ).execute();

  for (const granularity of ['minute', 'hour', 'day']) {
    await clustered(
      db.schema
        .createTable(`check_rollup_${granularity}`)
        .addColumn('check_id', 'integer', (c) => c.notNull())
        .addColumn('bucket', 'bigint', (c) => c.notNull())
        .addColumn('up', 'integer', (c) => c.notNull())
        .addColumn('degraded', 'integer', (c) => c.notNull())
        .addColumn('down', 'integer', (c) => c.notNull())
        .addColumn('lat_min_us', 'integer')
        .addColumn('lat_max_us', 'integer')
        .addColumn('lat_sum_us', 'bigint', (c) => c.notNull())
        .addColumn('lat_p95_us', 'integer')
        .addPrimaryKeyConstraint(`check_rollup_${granularity}_pk`, ['check_id', 'bucket']),
    ).execute();
  }

  await db.schema
    .createTable('check_rollup_progress')
    .addColumn('granularity', 'text', (c) => c.primaryKey())
    .addColumn('done_until', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('check_events')
    .addColumn('id', dialect === 'sqlite' ? 'integer' : 'bigint', (c) =>
      dialect === 'sqlite'
        ? c.primaryKey().autoIncrement()
        : c.primaryKey().generatedByDefaultAsIdentity(),
    )
    .addColumn('check_id', 'integer', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('from_state', 'text', (c) => c.notNull())
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .execute();
  await db.schema
    .createIndex('check_events_check_at_idx')
    .on('check_events')
    .columns(['check_id', 'at'])
    .execute();

  await clustered(
    db.schema
      .createTable('heartbeat_pings')
      .addColumn('check_id', 'integer', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('event', 'text', (c) => c.notNull())
      .addColumn('exit_status', 'integer')
      .addColumn('rid', 'text')
      .addColumn('duration_ms', 'bigint')
      .addColumn('method', 'text', (c) => c.notNull())
      .addColumn('remote_addr', 'text')
      .addColumn('user_agent', 'text')
      .addColumn('body', 'text')
      .addPrimaryKeyConstraint('heartbeat_pings_pk', ['check_id', 'at']),
  ).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'heartbeat_pings',
    'check_events',
    'check_rollup_progress',
    'check_rollup_day',
    'check_rollup_hour',
    'check_rollup_minute',
    'check_results',
    'checks',
  ])
    await db.schema.dropTable(table).execute();
}
