import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../store.js';

/**
 * Incidents with their escalation state, their timeline, schedule overrides, settings (the
 * link-signing key) and the notification outbox with its attempt log.
 *
 * The escalation state lives on the incident row (`step`, `round`, `next_escalation_at`) and
 * the notifications a step sends are inserted in the same transaction that advances it: after
 * a crash a step either happened with all its pages queued, or did not happen and runs again.
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

  await serialId('incidents')
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('severity', 'text')
    .addColumn('service', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('labels', 'text', (c) => c.notNull())
    .addColumn('policy_id', 'text')
    .addColumn('policy', 'text')
    .addColumn('step', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('round', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_escalation_at', 'bigint')
    .addColumn('snoozed_until', 'bigint')
    .addColumn('opened_at', 'bigint', (c) => c.notNull())
    .addColumn('acknowledged_at', 'bigint')
    .addColumn('acknowledged_by', 'text')
    .addColumn('resolved_at', 'bigint')
    .addColumn('resolved_by', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // One open incident per key (an alert group): a second instance opening the same one fails.
  await db.schema
    .createIndex('incidents_open_key_idx')
    .on('incidents')
    .column('key')
    .unique()
    .where(sql.ref('status'), '<>', 'resolved')
    .execute();
  await db.schema
    .createIndex('incidents_escalation_idx')
    .on('incidents')
    .column('next_escalation_at')
    .execute();

  await serialId('incident_events')
    .addColumn('incident_id', 'bigint', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor', 'text')
    .addColumn('detail', 'text')
    .execute();
  await db.schema
    .createIndex('incident_events_incident_idx')
    .on('incident_events')
    .columns(['incident_id', 'id'])
    .execute();

  await db.schema
    .createTable('schedule_overrides')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('schedule_id', 'text', (c) => c.notNull())
    .addColumn('person', 'text', (c) => c.notNull())
    .addColumn('replaces', 'text')
    .addColumn('starts_at', 'bigint', (c) => c.notNull())
    .addColumn('ends_at', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('schedule_overrides_schedule_idx')
    .on('schedule_overrides')
    .columns(['schedule_id', 'ends_at'])
    .execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('incident_id', 'bigint')
    .addColumn('person', 'text')
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('fallback', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('cancellable', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('lease_until', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('delivered_at', 'bigint')
    .addColumn('last_status', 'integer')
    .addColumn('last_detail', 'text')
    .execute();
  await db.schema
    .createIndex('notifications_due_idx')
    .on('notifications')
    .columns(['status', 'next_attempt_at'])
    .execute();
  await db.schema
    .createIndex('notifications_created_idx')
    .on('notifications')
    .columns(['created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('notifications_incident_idx')
    .on('notifications')
    .column('incident_id')
    .execute();

  await db.schema
    .createTable('notification_attempts')
    .addColumn('notification_id', 'text', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('detail', 'text')
    .addPrimaryKeyConstraint('notification_attempts_pk', ['notification_id', 'attempt'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'notification_attempts',
    'notifications',
    'settings',
    'schedule_overrides',
    'incident_events',
    'incidents',
  ])
    await db.schema.dropTable(table).execute();
}
