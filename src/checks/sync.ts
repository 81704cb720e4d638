import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { recordAudit, type AuditContext } from '../audit/index.js';
import type { CheckDefinition } from './runtime.js';

export interface StoredCheck {
  id: number;
  key: string;
  state: string;
  state_since: number | null;
  state_reason: string | null;
  paused: number;
  last_ping_at: number | null;
  open_runs: string | null;
}

const CHUNK = 500;

/**
 * Makes the `checks` table match the config: new checks get the next free id, changed ones
 * their new hash and kind, vanished ones `removed_at` (their history stays until retention
 * drops it). Returns the stored rows of the configured checks, keyed by `service/name`.
 */
export async function syncChecks(
  db: Kysely<Database>,
  ctx: AuditContext,
  defs: readonly CheckDefinition[],
): Promise<Map<string, StoredCheck>> {
  const now = Date.now();
  return db.transaction().execute(async (trx) => {
    const rows = await trx.selectFrom('checks').selectAll().execute();
    const byKey = new Map(rows.map((r) => [r.key, r]));
    let nextId = rows.reduce((max, r) => Math.max(max, r.id), 0) + 1;
    const counts = { added: 0, updated: 0, removed: 0 };
    const inserts: Database['checks'][] = [];
    const wanted = new Set<string>();
    // Ping uuids are unique: release every uuid whose holder changes before assigning any.
    const desired = new Map(
      defs.map((d) => [d.key, d.config.kind === 'heartbeat' ? d.config.spec.uuid : null]),
    );
    const release = rows.filter(
      (r) => r.heartbeat_uuid !== null && desired.get(r.key) !== r.heartbeat_uuid,
    );
    for (let i = 0; i < release.length; i += CHUNK) {
      const ids = release.slice(i, i + CHUNK).map((r) => r.id);
      await trx
        .updateTable('checks')
        .set({ heartbeat_uuid: null })
        .where('id', 'in', ids)
        .execute();
    }
    for (const r of release) r.heartbeat_uuid = null;
    for (const def of defs) {
      wanted.add(def.key);
      const uuid = desired.get(def.key) ?? null;
      const old = byKey.get(def.key);
      if (!old) {
        const row: Database['checks'] = {
          id: nextId++,
          key: def.key,
          service: def.service,
          name: def.name,
          kind: def.config.kind,
          config_hash: def.hash,
          state: 'unknown',
          state_since: null,
          state_reason: null,
          paused: 0,
          heartbeat_uuid: uuid,
          last_ping_at: null,
          open_runs: null,
          created_at: now,
          updated_at: now,
          removed_at: null,
        };
        inserts.push(row);
        byKey.set(def.key, row);
        counts.added++;
      } else if (
        old.config_hash !== def.hash ||
        old.removed_at !== null ||
        old.heartbeat_uuid !== uuid
      ) {
        const kindChanged = old.kind !== def.config.kind;
        const changes = {
          kind: def.config.kind,
          config_hash: def.hash,
          heartbeat_uuid: uuid,
          removed_at: null,
          updated_at: now,
          // A check that changed kind is a new check under an old name: start from unknown.
          ...(kindChanged
            ? {
                state: 'unknown',
                state_since: null,
                state_reason: null,
                last_ping_at: null,
                open_runs: null,
              }
            : {}),
        };
        await trx.updateTable('checks').set(changes).where('id', '=', old.id).execute();
        byKey.set(def.key, { ...old, ...changes });
        counts.updated++;
      }
    }
    for (let i = 0; i < inserts.length; i += CHUNK)
      await trx
        .insertInto('checks')
        .values(inserts.slice(i, i + CHUNK))
        .execute();
    const gone = rows.filter((r) => !wanted.has(r.key) && r.removed_at === null).map((r) => r.id);
    for (let i = 0; i < gone.length; i += CHUNK) {
      await trx
        .updateTable('checks')
        .set({ removed_at: now, updated_at: now, heartbeat_uuid: null })
        .where('id', 'in', gone.slice(i, i + CHUNK))
        .execute();
    }
    counts.removed = gone.length;
    if (counts.added + counts.updated + counts.removed > 0)
      await recordAudit(trx, ctx, 'checks.sync', null, counts);
    const out = new Map<string, StoredCheck>();
    for (const def of defs) out.set(def.key, byKey.get(def.key)!);
    return out;
  });
}
