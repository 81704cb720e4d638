import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Actor } from '../auth/roles.js';

/** Who and which request; every domain verb that writes receives one. */
export interface AuditContext {
  actor: Actor;
  requestId?: string | undefined;
}

/**
 * Appends one audit row. Call it inside the same transaction as the change it describes, so
 * the change and its record commit together or not at all. `details` must be caller-safe.
 */
export async function recordAudit(
  db: Kysely<Database>,
  ctx: AuditContext,
  action: string,
  target: string | null,
  details?: Record<string, unknown>,
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: Date.now(),
      actor: ctx.actor.id,
      action,
      target,
      request_id: ctx.requestId ?? null,
      details: JSON.stringify({ actor_name: ctx.actor.name, ...details }),
    })
    .execute();
}
