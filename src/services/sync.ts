import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { ServiceConfig } from '../config/index.js';
import { recordAudit, type AuditContext } from '../audit/index.js';

export interface SyncResult {
  added: string[];
  updated: string[];
  removed: string[];
}

/** Rows per INSERT: well under SQLite's and PostgreSQL's bound-parameter limits. */
const CHUNK = 500;

function toRow(id: string, svc: ServiceConfig, now: number): Database['services'] {
  const fields = {
    name: svc.name ?? id,
    description: svc.description ?? null,
    owner: svc.owner ?? null,
    team: svc.team ?? null,
    tier: svc.tier ?? null,
    depends_on: JSON.stringify(svc.depends_on ?? []),
    runbooks: JSON.stringify(svc.runbooks ?? []),
    labels: JSON.stringify(svc.labels ?? {}),
  };
  const config_hash = createHash('sha256').update(JSON.stringify(fields)).digest('hex');
  return { id, ...fields, config_hash, created_at: now, updated_at: now, removed_at: null };
}

/**
 * Makes the services table match the config: inserts new services, rewrites changed ones,
 * marks vanished ones removed (kept, so history that names them still resolves). One
 * transaction, and only rows whose config hash changed are written.
 */
export async function syncServices(
  db: Kysely<Database>,
  ctx: AuditContext,
  services: Readonly<Record<string, ServiceConfig>>,
): Promise<SyncResult> {
  const now = Date.now();
  return db.transaction().execute(async (trx) => {
    const existing = new Map(
      (await trx.selectFrom('services').select(['id', 'config_hash', 'removed_at']).execute()).map(
        (r) => [r.id, r],
      ),
    );
    const result: SyncResult = { added: [], updated: [], removed: [] };
    const inserts: Database['services'][] = [];
    for (const [id, svc] of Object.entries(services)) {
      const row = toRow(id, svc, now);
      const old = existing.get(id);
      if (!old) {
        inserts.push(row);
        result.added.push(id);
      } else if (old.config_hash !== row.config_hash || old.removed_at !== null) {
        const { created_at: _created, ...changes } = row;
        await trx.updateTable('services').set(changes).where('id', '=', id).execute();
        result.updated.push(id);
      }
    }
    for (let i = 0; i < inserts.length; i += CHUNK) {
      await trx
        .insertInto('services')
        .values(inserts.slice(i, i + CHUNK))
        .execute();
    }
    for (const [id, old] of existing) {
      if (!(id in services) && old.removed_at === null) result.removed.push(id);
    }
    if (result.removed.length > 0) {
      await trx
        .updateTable('services')
        .set({ removed_at: now, updated_at: now })
        .where('id', 'in', result.removed)
        .execute();
    }
    const changed = result.added.length + result.updated.length + result.removed.length;
    if (changed > 0) {
      await recordAudit(trx, ctx, 'services.sync', null, {
        added: result.added.length,
        updated: result.updated.length,
        removed: result.removed.length,
      });
    }
    return result;
  });
}
