/**
 * The post-mortem a resolution opens: when the incident's severity has `postmortem_within`, a
 * required draft due that long after the resolution, owned by whoever led the response, with
 * its first reminder scheduled. Runs inside the resolving transaction (`Incidents.onResolved`),
 * so an incident is never resolved without its post-mortem row, nor the other way round.
 */
import type { Transaction } from 'kysely';
import type { OpsConfig } from '../../config/index.js';
import type { Database } from '../../store/schema.js';
import { rolesOf, type IncidentRow } from '../types.js';
import { firstReminderAt } from './schedule.js';

/**
 * Who owns the write-up: the commander, else whoever acknowledged, else whoever resolved; only
 * people of the config count (a token or Opsdeck itself cannot be reminded).
 */
export function defaultOwner(
  row: Pick<IncidentRow, 'roles' | 'acknowledged_by' | 'resolved_by'>,
  config: Pick<OpsConfig, 'people'>,
): string | null {
  const candidates = [rolesOf(row).commander, row.acknowledged_by, row.resolved_by];
  return candidates.find((c) => !!c && Object.hasOwn(config.people, c)) ?? null;
}

/**
 * Inserts the required post-mortem of a just-resolved incident; resolves with its first
 * reminder time, or null when nothing was written (no deadline for the severity, or the
 * incident already has its deadline from an earlier resolution: a reopen and re-resolve keeps
 * the first). A draft someone started by hand before the resolution gets the deadline now.
 */
export async function openRequiredPostmortem(
  trx: Transaction<Database>,
  row: IncidentRow,
  now: number,
  config: OpsConfig,
): Promise<number | null> {
  const within =
    row.severity === null ? undefined : config.severities[row.severity]?.postmortem_within;
  if (within === undefined) return null;
  const resolvedAt = Number(row.resolved_at ?? now);
  const dueAt = resolvedAt + within;
  const nextReminderAt = firstReminderAt(dueAt, now, config.incidents.postmortem_reminders);
  const owner = defaultOwner(row, config);
  const inserted = await trx
    .insertInto('postmortems')
    .values({
      incident_id: Number(row.id),
      status: 'draft',
      body: null,
      owner,
      required: 1,
      due_at: dueAt,
      next_reminder_at: nextReminderAt,
      reminders: 0,
      created_at: now,
      updated_at: now,
      updated_by: null,
      published_at: null,
      published_by: null,
    })
    .onConflict((oc) =>
      oc
        .column('incident_id')
        .doUpdateSet((eb) => ({
          required: 1,
          due_at: dueAt,
          next_reminder_at: nextReminderAt,
          owner: eb.fn.coalesce('postmortems.owner', eb.val(owner)),
        }))
        .where('postmortems.due_at', 'is', null)
        .where('postmortems.status', '=', 'draft'),
    )
    .returning('next_reminder_at')
    .executeTakeFirst();
  return inserted ? Number(inserted.next_reminder_at) : null;
}
