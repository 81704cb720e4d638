/** Incident rows for tests that need many, or exact timestamps, without going through the API. */
import type { Insertable, Kysely } from 'kysely';
import type { Database, IncidentsTable } from '../../src/store/schema.js';

/** A complete row: a resolved-nothing, unpaged manual incident opened at `opened_at`. */
export function incidentRow(
  fields: Partial<Insertable<IncidentsTable>> & { opened_at: number },
): Insertable<IncidentsTable> {
  return {
    key: `test-${Math.random().toString(36).slice(2)}`,
    title: 'test incident',
    severity: null,
    service: null,
    status: 'triggered',
    source: 'manual',
    labels: '{}',
    policy_id: null,
    policy: null,
    step: 0,
    round: 0,
    next_escalation_at: null,
    snoozed_until: null,
    acknowledged_at: null,
    acknowledged_by: null,
    resolved_at: null,
    resolved_by: null,
    updated_at: fields.opened_at,
    started_at: fields.opened_at,
    mitigated_at: null,
    closed_at: null,
    closed_by: null,
    respond_by: null,
    declared_by: null,
    summary: null,
    impact: null,
    root_cause: null,
    resolution: null,
    ...fields,
  };
}

/** Every table incidents write to, emptied (between tests sharing one database). */
export async function clearIncidents(db: Kysely<Database>): Promise<void> {
  for (const table of [
    'incidents',
    'incident_events',
    'incident_services',
    'incident_updates',
    'postmortems',
    'action_items',
    'notifications',
    'notification_attempts',
    'alerts',
    'audit_log',
  ] as const)
    await db.deleteFrom(table).execute();
}
