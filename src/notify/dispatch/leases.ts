/**
 * Leases. A row this instance holds stays `sending` under its lease (`lease_until`) until the
 * outcome of its attempt is written; queued rows get their lease extended before it runs
 * short, so a long queue (a rate-limited channel) is not taken over by another instance.
 * A row whose renewal did not match was taken over meanwhile: it is dropped here.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { renewLeases } from './claims.js';
import type { Held } from './rows.js';
import { byLease } from './statements.js';

/**
 * Extra lease on top of two attempt timeouts: room for a slow commit. It is also how long a
 * crashed instance's rows wait before another instance (or its restart) takes them over.
 */
const LEASE_EXTRA_MS = 30_000;
/** Queued rows are renewed when less than the longest timeout plus this is left. */
const RENEW_AHEAD_MS = 20_000;

export function leaseMs(maxTimeoutMs: number): number {
  return 2 * maxTimeoutMs + LEASE_EXTRA_MS;
}

/**
 * Renews the queued rows of `held` whose lease ends within `maxTimeoutMs + 20 s`. Returns the
 * ids lost to another instance (the caller drops them).
 */
export async function renewHeld(
  db: Kysely<Database>,
  held: ReadonlyMap<string, Held>,
  now: number,
  maxTimeoutMs: number,
): Promise<Set<string>> {
  const due = [...held.values()].filter(
    (h) => h.state === 'queued' && h.lease - now < maxTimeoutMs + RENEW_AHEAD_MS,
  );
  const lease = now + leaseMs(maxTimeoutMs);
  const lost = new Set<string>();
  for (const [old, ids] of byLease(due)) {
    const renewed = new Set(await renewLeases(db, ids, old, lease));
    for (const id of ids) {
      const h = held.get(id);
      if (!h) continue; // finished meanwhile
      if (renewed.has(id)) h.lease = lease;
      else if (h.state === 'queued') lost.add(id);
    }
  }
  return lost;
}
