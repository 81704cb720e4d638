import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';

/** Check ids per query: keeps each query on the (check_id, …) key, never a table scan. */
const ID_CHUNK = 500;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Every check id ever known (removed checks keep history until retention drops it). */
export async function allCheckIds(db: Kysely<Database>): Promise<number[]> {
  return (await db.selectFrom('checks').select('id').orderBy('id').execute()).map((r) => r.id);
}

/**
 * Calls `work` with `ids` a chunk at a time, yielding to the event loop between chunks so
 * history work over 20,000 checks never holds up the scheduler.
 */
export async function forEachChunk(
  ids: readonly number[],
  work: (ids: number[]) => Promise<void>,
): Promise<void> {
  for (let i = 0; i < ids.length; i += ID_CHUNK) {
    await work(ids.slice(i, i + ID_CHUNK));
    await yieldToEventLoop();
  }
}
