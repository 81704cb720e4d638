/**
 * Schedule overrides in storage (`schedule_overrides`): validation, the statements, and the two
 * mutations, each run inside the caller's transaction with its audit row. Removal is a soft
 * delete (`deleted_at`), so the history of who was on call stays readable.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { recordAudit, type AuditContext } from '../audit/record.js';
import type { OpsConfig } from '../config/index.js';
import { AppError } from '../errors.js';
import type { Database } from '../store/schema.js';
import type { OverrideSpan } from './schedule/index.js';

/** One override: `person` is on call instead, for the range or for `replaces`' part of it. */
export interface Override extends OverrideSpan {
  scheduleId: string;
  reason: string | null;
  /** Name of whoever created it (the API token's name). */
  createdBy: string;
  deletedAt: number | null;
}

export interface OverrideInput {
  scheduleId: string;
  person: string;
  replaces?: string | null | undefined;
  start: number;
  end: number;
  reason?: string | null | undefined;
}

/** The longest override accepted: a year is a rotation change, not an override. */
export const MAX_OVERRIDE_MS = 366 * 86_400_000;

type Row = Selectable<Database['schedule_overrides']>;

function fromRow(row: Row): Override {
  return {
    id: row.id,
    scheduleId: row.schedule_id,
    person: row.person,
    replaces: row.replaces,
    start: Number(row.starts_at),
    end: Number(row.ends_at),
    reason: row.reason,
    createdBy: row.created_by,
    createdAt: Number(row.created_at),
    deletedAt: row.deleted_at === null ? null : Number(row.deleted_at),
  };
}

/** Checks `input` against the config in force; throws AppError naming the field at fault. */
export function validateOverride(
  input: OverrideInput,
  config: Pick<OpsConfig, 'people' | 'schedules'>,
  now: number,
): void {
  if (!Object.hasOwn(config.schedules, input.scheduleId))
    throw AppError.notFound('schedule', input.scheduleId);
  const person = (field: string, id: string) => {
    if (!Object.hasOwn(config.people, id))
      throw new AppError(
        'validation_failed',
        `${field}: unknown person '${id}' (not under people)`,
      );
  };
  person('person', input.person);
  if (input.replaces != null) {
    person('replaces', input.replaces);
    if (input.replaces === input.person)
      throw new AppError('validation_failed', 'replaces: a person cannot replace themselves');
  }
  if (input.end <= input.start) throw new AppError('validation_failed', 'end: must be after start');
  if (input.end <= now)
    throw new AppError(
      'validation_failed',
      'end: is in the past; an override changes who is on call from now on',
    );
  if (input.end - input.start > MAX_OVERRIDE_MS)
    throw new AppError(
      'validation_failed',
      'end: an override lasts at most 366 days; change the rotation instead',
    );
}

/** Stores a validated override with its audit row. */
export async function insertOverride(
  db: Kysely<Database>,
  input: OverrideInput,
  now: number,
  ctx: AuditContext,
): Promise<Override> {
  const override: Override = {
    id: randomUUID(),
    scheduleId: input.scheduleId,
    person: input.person,
    replaces: input.replaces ?? null,
    start: input.start,
    end: input.end,
    reason: input.reason ?? null,
    createdBy: ctx.actor.name,
    createdAt: now,
    deletedAt: null,
  };
  await db
    .insertInto('schedule_overrides')
    .values({
      id: override.id,
      schedule_id: override.scheduleId,
      person: override.person,
      replaces: override.replaces,
      starts_at: override.start,
      ends_at: override.end,
      reason: override.reason,
      created_by: override.createdBy,
      created_at: override.createdAt,
      deleted_at: null,
    })
    .execute();
  await recordAudit(db, ctx, 'override.create', override.id, auditFields(override));
  return override;
}

/** Marks override `id` of `scheduleId` deleted, with its audit row; 404 if it is not there. */
export async function deleteOverride(
  db: Kysely<Database>,
  scheduleId: string,
  id: string,
  now: number,
  ctx: AuditContext,
): Promise<Override> {
  const row = await db
    .selectFrom('schedule_overrides')
    .selectAll()
    .where('id', '=', id)
    .where('schedule_id', '=', scheduleId)
    .executeTakeFirst();
  if (!row) throw AppError.notFound('override', id);
  if (row.deleted_at !== null)
    throw new AppError('conflict', `override '${id}' was already removed`);
  const result = await db
    .updateTable('schedule_overrides')
    .set({ deleted_at: now })
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  // Another instance removed it between the read and the write.
  if (Number(result.numUpdatedRows) === 0)
    throw new AppError('conflict', `override '${id}' was already removed`);
  const removed = { ...fromRow(row), deletedAt: now };
  await recordAudit(db, ctx, 'override.delete', id, auditFields(removed));
  return removed;
}

/** Overrides not removed that end after `endsAfter` (and start before `startsBefore`), by start. */
export async function selectOverrides(
  db: Kysely<Database>,
  filter: { scheduleId?: string; endsAfter: number; startsBefore?: number },
): Promise<Override[]> {
  let query = db
    .selectFrom('schedule_overrides')
    .selectAll()
    .where('deleted_at', 'is', null)
    .where('ends_at', '>', filter.endsAfter);
  if (filter.scheduleId !== undefined) query = query.where('schedule_id', '=', filter.scheduleId);
  if (filter.startsBefore !== undefined) query = query.where('starts_at', '<', filter.startsBefore);
  const rows = await query.orderBy('starts_at').orderBy('id').execute();
  return rows.map(fromRow);
}

/** What the audit log keeps of an override. */
function auditFields(o: Override): Record<string, unknown> {
  return {
    schedule: o.scheduleId,
    person: o.person,
    replaces: o.replaces,
    starts_at: new Date(o.start).toISOString(),
    ends_at: new Date(o.end).toISOString(),
    reason: o.reason,
  };
}
