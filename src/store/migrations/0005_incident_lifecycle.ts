import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../store.js';

/**
 * The full incident lifecycle: milestones (started, mitigated, closed), the response deadline,
 * roles, links and write-ups on the incident row; affected services as rows (filtered by
 * index); pinned timeline events; public updates; post-mortems and their action items.
 *
 * An incident is open while its status is neither `resolved` nor `closed`; the one-open-
 * incident-per-alert-group index is rebuilt on that rule.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const serialId = (table: string) =>
    db.schema
      .createTable(table)
      .addColumn('id', dialect === 'sqlite' ? 'integer' : 'bigint', (c) =>
        dialect === 'sqlite'
          ? c.primaryKey().autoIncrement()
          : c.primaryKey().generatedByDefaultAsIdentity(),
      );

  for (const column of ['started_at', 'mitigated_at', 'closed_at', 'respond_by'])
    await db.schema.alterTable('incidents').addColumn(column, 'bigint').execute();
  for (const column of [
    'closed_by',
    'declared_by',
    'summary',
    'impact',
    'root_cause',
    'resolution',
  ])
    await db.schema.alterTable('incidents').addColumn(column, 'text').execute();
  await db.schema
    .alterTable('incidents')
    .addColumn('roles', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema
    .alterTable('incidents')
    .addColumn('links', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  // Fingerprints of the group's firing alerts, so the timeline records what fired and resolved.
  await db.schema
    .alterTable('incidents')
    .addColumn('alerts', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await sql`update incidents set started_at = opened_at`.execute(db);

  await db.schema.dropIndex('incidents_open_key_idx').execute();
  await db.schema
    .createIndex('incidents_open_key_idx')
    .on('incidents')
    .column('key')
    .unique()
    .where(sql.ref('status'), 'not in', sql`('resolved', 'closed')`)
    .execute();
  await db.schema.createIndex('incidents_opened_idx').on('incidents').column('opened_at').execute();
  await db.schema
    .createIndex('incidents_status_idx')
    .on('incidents')
    .columns(['status', 'id'])
    .execute();
  await db.schema
    .createIndex('incidents_severity_idx')
    .on('incidents')
    .columns(['severity', 'id'])
    .execute();

  await db.schema
    .createTable('incident_services')
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('incident_id', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('incident_services_pk', ['service', 'incident_id'])
    .execute();
  await db.schema
    .createIndex('incident_services_incident_idx')
    .on('incident_services')
    .column('incident_id')
    .execute();
  await sql`insert into incident_services (service, incident_id)
            select service, id from incidents where service is not null`.execute(db);

  await db.schema
    .alterTable('incident_events')
    .addColumn('pinned', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await serialId('incident_updates')
    .addColumn('incident_id', 'bigint', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('author', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('incident_updates_incident_idx')
    .on('incident_updates')
    .columns(['incident_id', 'id'])
    .execute();
  await db.schema
    .createIndex('incident_updates_at_idx')
    .on('incident_updates')
    .column('at')
    .execute();

  await db.schema
    .createTable('postmortems')
    .addColumn('incident_id', 'bigint', (c) => c.primaryKey())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('body', 'text')
    .addColumn('owner', 'text')
    .addColumn('required', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('due_at', 'bigint')
    .addColumn('next_reminder_at', 'bigint')
    .addColumn('reminders', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('published_at', 'bigint')
    .addColumn('published_by', 'text')
    .execute();
  await db.schema
    .createIndex('postmortems_reminder_idx')
    .on('postmortems')
    .column('next_reminder_at')
    .execute();

  await serialId('action_items')
    .addColumn('incident_id', 'bigint', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('owner', 'text')
    .addColumn('due_at', 'bigint')
    .addColumn('url', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('done_at', 'bigint')
    .addColumn('done_by', 'text')
    .execute();
  await db.schema
    .createIndex('action_items_incident_idx')
    .on('action_items')
    .columns(['incident_id', 'id'])
    .execute();
  await db.schema
    .createIndex('action_items_status_idx')
    .on('action_items')
    .columns(['status', 'due_at'])
    .execute();
}
