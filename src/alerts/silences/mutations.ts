/**
 * The writes behind `Silences.set` and `Silences.expire`, each run inside the caller's
 * transaction together with its audit rows, so a change and its record commit together.
 * They read the previous version from storage, not memory: another instance sharing the
 * database may have changed it.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { recordAudit, type AuditContext } from '../../audit/record.js';
import { AppError } from '../../errors.js';
import type { Database } from '../../store/schema.js';
import { formatMatcher } from '../matchers/matcher.js';
import { canUpdateInPlace, silenceState, type Silence } from './model.js';
import * as rows from './rows.js';
import { isSilenceId, type ValidSilence } from './validate.js';

/**
 * Alertmanager's `Set` on a validated input. Returns the resulting silence first, then the
 * previous one if it was expired to make way for it.
 */
export async function writeSilence(
  db: Kysely<Database>,
  valid: ValidSilence,
  now: number,
  ctx: AuditContext,
): Promise<Silence[]> {
  const fields = {
    matchers: valid.matchers.map(({ name, type, value }) => ({ name, type, value })),
    endsAt: valid.endsAt,
    createdBy: valid.createdBy,
    comment: valid.comment,
  };
  const prev = valid.id === undefined ? null : await readSilence(db, valid.id);
  if (prev && canUpdateInPlace(prev, valid, now)) {
    const next = { ...prev, ...fields, startsAt: valid.startsAt, updatedAt: now };
    await overwrite(db, next, prev, ctx, 'silence.update');
    return [next];
  }
  // A new silence never starts in the past (Alertmanager moves the start to now).
  const created: Silence = {
    id: randomUUID(),
    ...fields,
    startsAt: Math.max(valid.startsAt, now),
    createdAt: now,
    updatedAt: now,
  };
  await rows.insertSilence(db, created);
  await recordAudit(db, ctx, 'silence.create', created.id, {
    ...auditFields(created),
    ...(prev ? { replaces: prev.id } : {}),
  });
  if (!prev || silenceState(prev, now) === 'expired') return [created];
  // Expired rather than rewritten, so the history of what was muted when stays true.
  const expired = expiredAt(prev, now);
  await overwrite(db, expired, prev, ctx, 'silence.expire', { replaced_by: created.id });
  return [created, expired];
}

/** Ends silence `id` at `now`; expiring an expired silence is an error, as in AM 0.25. */
export async function expireSilence(
  db: Kysely<Database>,
  id: string,
  now: number,
  ctx: AuditContext,
): Promise<Silence> {
  const prev = await readSilence(db, id);
  if (silenceState(prev, now) === 'expired')
    throw new AppError('conflict', `silence '${id}' already expired`);
  const next = expiredAt(prev, now);
  await overwrite(db, next, prev, ctx, 'silence.expire');
  return next;
}

async function readSilence(db: Kysely<Database>, id: string): Promise<Silence> {
  const s = isSilenceId(id) ? await rows.selectSilence(db, id) : null;
  if (!s) throw AppError.notFound('silence', id);
  return s;
}

/** Writes `next` over `prev` unless someone changed it since it was read, and audits it. */
async function overwrite(
  db: Kysely<Database>,
  next: Silence,
  prev: Silence,
  ctx: AuditContext,
  action: string,
  extra: Record<string, unknown> = {},
): Promise<void> {
  if (!(await rows.updateSilence(db, next, prev.updatedAt)))
    throw new AppError('conflict', `silence '${prev.id}' was changed meanwhile; try again`);
  await recordAudit(db, ctx, action, next.id, { ...auditFields(next), ...extra });
}

/** A pending silence starts and ends now (Alertmanager's `expire`), so it reads expired. */
function expiredAt(s: Silence, now: number): Silence {
  const startsAt = silenceState(s, now) === 'pending' ? now : s.startsAt;
  return { ...s, startsAt, endsAt: now, updatedAt: now };
}

/** What the audit log keeps of a silence: enough to read what was muted, and until when. */
function auditFields(s: Silence): Record<string, unknown> {
  return {
    matchers: s.matchers.map(formatMatcher).join(','),
    starts_at: new Date(s.startsAt).toISOString(),
    ends_at: new Date(s.endsAt).toISOString(),
    comment: s.comment,
  };
}
