import type { Store } from '../../store/index.js';

/** Finished notifications (and their attempts) are kept this long. */
export const RETENTION_MS = 30 * 86_400_000;
const EVERY_MS = 86_400_000;
const BATCH = 500;
/** Per sweep: a backlog (first run after an upgrade) is worked off over several sweeps. */
const MAX_BATCHES = 20;

/**
 * Deletes delivered, failed and cancelled notifications last changed before `cutoff`, with
 * their attempts, a bounded number per call. Returns how many notifications went, and whether
 * some are left for the next call.
 */
export async function pruneFinished(
  store: Pick<Store, 'db' | 'writeBatch'>,
  cutoff: number,
): Promise<{ deleted: number; more: boolean }> {
  const { db } = store;
  let deleted = 0;
  for (let i = 0; i < MAX_BATCHES; i++) {
    const ids = (
      await db
        .selectFrom('notifications')
        .select('id')
        .where('status', 'in', ['delivered', 'failed', 'cancelled'])
        .where('updated_at', '<', cutoff)
        .limit(BATCH)
        .execute()
    ).map((r) => r.id);
    if (ids.length === 0) return { deleted, more: false };
    await store.writeBatch([
      db.deleteFrom('notification_attempts').where('notification_id', 'in', ids).compile(),
      db.deleteFrom('notifications').where('id', 'in', ids).compile(),
    ]);
    deleted += ids.length;
    if (ids.length < BATCH) return { deleted, more: false };
  }
  return { deleted, more: true };
}

/** Runs `pruneFinished` once a day, and at every call while a backlog is left. */
export class Retention {
  #last = 0;
  #more = false;

  constructor(private readonly store: Pick<Store, 'db' | 'writeBatch'>) {}

  /** Resolves with how many notifications were deleted (0 when not due). */
  async run(now: number): Promise<number> {
    if (!this.#more && now - this.#last < EVERY_MS) return 0;
    this.#last = now;
    const { deleted, more } = await pruneFinished(this.store, now - RETENTION_MS);
    this.#more = more;
    return deleted;
  }
}
