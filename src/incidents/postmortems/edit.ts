/**
 * Writing a post-mortem: saving the narrative and its owner, publishing, and taking a
 * publication back. Each runs inside the caller's transaction (audited there); the row is
 * created on first write for any incident, required or not.
 */
import type { Insertable, Transaction } from 'kysely';
import type { OpsConfig } from '../../config/index.js';
import { AppError } from '../../errors.js';
import type { Database, PostmortemsTable } from '../../store/schema.js';
import { addEvent, incidentRow, loadView } from '../repository.js';
import type { IncidentRow } from '../types.js';
import type { ActionBy } from '../verbs/context.js';
import { draftBody } from './draft.js';
import { defaultOwner } from './open.js';
import { postmortemRow } from './repository.js';
import { resumedReminderAt } from './schedule.js';

/** Longest narrative accepted, in characters: a long write-up, not an archive. */
export const BODY_MAX_LENGTH = 100_000;

export interface PostmortemEdit {
  /** Markdown; null goes back to the generated draft. */
  body?: string | null | undefined;
  /** A person id of the config; null leaves it without owner (and without reminders). */
  owner?: string | null | undefined;
}

type Trx = Transaction<Database>;

async function existing(trx: Trx, id: number): Promise<IncidentRow> {
  const row = await incidentRow(trx, id);
  if (!row) throw new AppError('not_found', `incident ${id} does not exist`);
  return row;
}

/**
 * Applies `changes` to the incident's post-mortem, creating it first (a draft, owned by the
 * default owner, not required) when the incident has none yet.
 */
async function upsert(
  trx: Trx,
  incident: IncidentRow,
  config: OpsConfig,
  now: number,
  by: ActionBy,
  changes: Partial<Insertable<PostmortemsTable>>,
): Promise<void> {
  const created: Insertable<PostmortemsTable> = {
    incident_id: Number(incident.id),
    status: 'draft',
    body: null,
    owner: defaultOwner(incident, config),
    required: 0,
    due_at: null,
    next_reminder_at: null,
    reminders: 0,
    created_at: now,
    updated_at: now,
    updated_by: by.name,
    published_at: null,
    published_by: null,
  };
  await trx
    .insertInto('postmortems')
    .values({ ...created, ...changes })
    .onConflict((oc) => oc.column('incident_id').doUpdateSet(changes))
    .execute();
}

export async function savePostmortem(
  trx: Trx,
  id: number,
  edit: PostmortemEdit,
  config: OpsConfig,
  now: number,
  by: ActionBy,
): Promise<void> {
  if (edit.body != null && edit.body.length > BODY_MAX_LENGTH)
    throw new AppError(
      'validation_failed',
      `body: a post-mortem is at most ${BODY_MAX_LENGTH} characters (got ${edit.body.length})`,
    );
  const incident = await existing(trx, id);
  const changes = {
    ...(edit.body !== undefined ? { body: edit.body } : {}),
    ...(edit.owner !== undefined ? { owner: edit.owner } : {}),
    updated_at: now,
    updated_by: by.name,
  };
  await upsert(trx, incident, config, now, by, changes);
}

/** Publishes (no-op when published already); a never-saved narrative is frozen as drafted. */
export async function publishPostmortem(
  trx: Trx,
  id: number,
  config: OpsConfig,
  now: number,
  by: ActionBy,
): Promise<boolean> {
  const incident = await existing(trx, id);
  const row = await postmortemRow(trx, id);
  if (row?.status === 'published') return false;
  const body = row?.body ?? draftBody((await loadView(trx, id))!);
  const changes = {
    status: 'published',
    body,
    next_reminder_at: null,
    published_at: now,
    published_by: by.name,
    updated_at: now,
    updated_by: by.name,
  };
  await upsert(trx, incident, config, now, by, changes);
  await addEvent(trx, id, now, 'postmortem_published', by.name);
  return true;
}

/**
 * Back to draft (no-op unless published); a required post-mortem's reminders resume at their
 * next slot. Resolves with the reminder time to arm, or null.
 */
export async function unpublishPostmortem(
  trx: Trx,
  id: number,
  config: OpsConfig,
  now: number,
  by: ActionBy,
): Promise<number | null> {
  await existing(trx, id);
  const row = await postmortemRow(trx, id);
  if (row?.status !== 'published') return null;
  const next =
    Number(row.required) === 1 && row.due_at !== null
      ? resumedReminderAt(Number(row.due_at), now, config.incidents.postmortem_reminders)
      : null;
  await trx
    .updateTable('postmortems')
    .set({
      status: 'draft',
      next_reminder_at: next,
      published_at: null,
      published_by: null,
      updated_at: now,
      updated_by: by.name,
    })
    .where('incident_id', '=', id)
    .execute();
  await addEvent(trx, id, now, 'postmortem_unpublished', by.name);
  return next;
}
