/** Human notes on the timeline (markdown) and pins for the post-mortem. */
import { AppError } from '../../errors.js';
import type { Work } from '../writer.js';
import type { ActionBy, VerbContext } from './context.js';

/** Longest note accepted, in characters: a page of text, not a log dump. */
export const NOTE_MAX_LENGTH = 10_000;

export function checkNote(body: string): string {
  const text = body.trim();
  if (text.length === 0) throw new AppError('validation_failed', 'body: a note cannot be empty');
  if (text.length > NOTE_MAX_LENGTH)
    throw new AppError(
      'validation_failed',
      `body: a note is at most ${NOTE_MAX_LENGTH} characters (got ${text.length}); attach long output as a link`,
    );
  return text;
}

export function addNote(ctx: VerbContext, body: string, pinned: boolean, by: ActionBy): Work {
  const text = checkNote(body);
  return async (trx, row, now) => {
    // The row is touched so the change is ordered with the others and streamed.
    await ctx.steps.update(trx, row, now, {});
    await trx
      .insertInto('incident_events')
      .values({
        incident_id: Number(row.id),
        at: now,
        kind: 'note',
        actor: by.name,
        detail: JSON.stringify({ body: text }),
        pinned: pinned ? 1 : 0,
      })
      .execute();
    return [];
  };
}

/** Pins (or unpins) timeline event `eventId` of the incident for its post-mortem. */
export function pinEvent(ctx: VerbContext, eventId: number, pinned: boolean): Work {
  return async (trx, row, now) => {
    const result = await trx
      .updateTable('incident_events')
      .set({ pinned: pinned ? 1 : 0 })
      .where('id', '=', eventId)
      .where('incident_id', '=', Number(row.id))
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1)
      throw new AppError('not_found', `event ${eventId} is not on incident ${row.id}'s timeline`);
    // Not a timeline event of its own (the audit log has who pinned what).
    await ctx.steps.update(trx, row, now, {});
    return [];
  };
}
