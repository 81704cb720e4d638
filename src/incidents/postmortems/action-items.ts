/**
 * Action items: what an incident taught, as work with an owner and a due date, tracked to
 * done. Each change runs inside the caller's transaction (audited there); adding, finishing
 * and reopening one are on the incident's timeline, so the story and the follow-up stay
 * together. Other edits (title, owner, due, link) are in the audit log only.
 */
import type { Transaction } from 'kysely';
import { AppError } from '../../errors.js';
import { isoTimeOrNull } from '../../lib/time.js';
import type { Database } from '../../store/schema.js';
import { addEvent, incidentRow } from '../repository.js';
import type { ActionBy } from '../verbs/context.js';
import { actionItemRow } from './repository.js';
import type { ActionItemStatus } from './views.js';

type Trx = Transaction<Database>;

export const TITLE_MAX_LENGTH = 500;

export interface NewActionItem {
  title: string;
  owner?: string | undefined;
  /** Epoch ms. */
  dueAt?: number | undefined;
  url?: string | undefined;
}

export interface ActionItemPatch {
  title?: string | undefined;
  /** Null clears. */
  owner?: string | null | undefined;
  /** Epoch ms; null clears. */
  dueAt?: number | null | undefined;
  /** Null clears. */
  url?: string | null | undefined;
  status?: ActionItemStatus | undefined;
}

export function checkTitle(title: string): string {
  const text = title.trim();
  if (text.length === 0 || text.length > TITLE_MAX_LENGTH)
    throw new AppError(
      'validation_failed',
      `title: expected 1 to ${TITLE_MAX_LENGTH} characters (got ${text.length})`,
    );
  return text;
}

/** Inserts an item on incident `incidentId`; resolves with its id. */
export async function addActionItem(
  trx: Trx,
  incidentId: number,
  item: NewActionItem,
  now: number,
  by: ActionBy,
): Promise<number> {
  const title = checkTitle(item.title);
  if (!(await incidentRow(trx, incidentId)))
    throw new AppError('not_found', `incident ${incidentId} does not exist`);
  const inserted = await trx
    .insertInto('action_items')
    .values({
      incident_id: incidentId,
      title,
      owner: item.owner ?? null,
      due_at: item.dueAt ?? null,
      url: item.url ?? null,
      status: 'open',
      created_at: now,
      created_by: by.name,
      updated_at: now,
      done_at: null,
      done_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = Number(inserted.id);
  await addEvent(trx, incidentId, now, 'action_item_added', by.name, {
    item: id,
    title,
    owner: item.owner ?? null,
    due_at: isoTimeOrNull(item.dueAt ?? null),
  });
  return id;
}

/** Applies `patch` to item `id`; resolves with its incident's id. */
export async function updateActionItem(
  trx: Trx,
  id: number,
  patch: ActionItemPatch,
  now: number,
  by: ActionBy,
): Promise<number> {
  const row = await actionItemRow(trx, id);
  if (!row) throw new AppError('not_found', `action item ${id} does not exist`);
  const set: Record<string, unknown> = {};
  if (patch.title !== undefined && checkTitle(patch.title) !== row.title)
    set.title = checkTitle(patch.title);
  if (patch.owner !== undefined && patch.owner !== row.owner) set.owner = patch.owner;
  const due = row.due_at === null ? null : Number(row.due_at);
  if (patch.dueAt !== undefined && patch.dueAt !== due) set.due_at = patch.dueAt;
  if (patch.url !== undefined && patch.url !== row.url) set.url = patch.url;
  const statusChanged = patch.status !== undefined && patch.status !== row.status;
  if (statusChanged) {
    set.status = patch.status;
    set.done_at = patch.status === 'done' ? now : null;
    set.done_by = patch.status === 'done' ? by.name : null;
  }
  const incidentId = Number(row.incident_id);
  if (Object.keys(set).length === 0) return incidentId;
  await trx
    .updateTable('action_items')
    .set({ ...set, updated_at: now })
    .where('id', '=', id)
    .execute();
  if (statusChanged)
    await addEvent(
      trx,
      incidentId,
      now,
      patch.status === 'done' ? 'action_item_done' : 'action_item_reopened',
      by.name,
      { item: id, title: (set.title as string | undefined) ?? row.title },
    );
  return incidentId;
}
