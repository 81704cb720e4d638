/**
 * Public updates: what customers read on status pages, in Statuspage's words (investigating,
 * identified, monitoring, resolved). An update moves the incident to its status, as posting
 * one does on Statuspage and incident.io, so the two never tell different stories; an update
 * the lifecycle does not allow (investigating on a resolved incident) is refused with the
 * moves that are.
 */
import { AppError } from '../../errors.js';
import { assertTransition, type IncidentStatus, type UpdateStatus } from '../lifecycle.js';
import { addEvent } from '../repository.js';
import type { Work } from '../writer.js';
import type { ActionBy, VerbContext } from './context.js';
import { applyMove } from './status.js';

/** Longest public update, in characters. */
export const UPDATE_MAX_LENGTH = 5_000;

export function publishUpdate(
  ctx: VerbContext,
  status: UpdateStatus,
  message: string,
  by: ActionBy,
  /** Receives the new update's id. */
  published: { id?: number } = {},
): Work {
  const text = message.trim();
  if (text.length === 0)
    throw new AppError('validation_failed', 'message: a public update cannot be empty');
  if (text.length > UPDATE_MAX_LENGTH)
    throw new AppError(
      'validation_failed',
      `message: a public update is at most ${UPDATE_MAX_LENGTH} characters (got ${text.length})`,
    );
  return async (trx, row, now) => {
    const from = row.status as IncidentStatus;
    const moves = from !== status && !(status === 'resolved' && from === 'closed');
    if (moves) assertTransition(Number(row.id), from, status);
    const inserted = await trx
      .insertInto('incident_updates')
      .values({ incident_id: Number(row.id), at: now, status, message: text, author: by.name })
      .returning('id')
      .executeTakeFirstOrThrow();
    published.id = Number(inserted.id);
    await addEvent(trx, Number(row.id), now, 'public_update', by.name, {
      update: Number(inserted.id),
      status,
      message: text,
    });
    if (moves) return applyMove(ctx, trx, row, now, status, by);
    await ctx.steps.update(trx, row, now, {});
    return [];
  };
}
