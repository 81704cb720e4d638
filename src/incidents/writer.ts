/**
 * How every change to an existing incident is made: read the row, run the verb's work in one
 * transaction (the row update is guarded by `updated_at`, so two instances never both apply a
 * change to the same version), then run the after-commit hooks, re-arm timers and publish the
 * change. A lost race is retried once on the fresh row; work for one incident is serialized
 * within the process.
 */
import type { Transaction } from 'kysely';
import type { Actor } from '../auth/roles.js';
import { recordAudit } from '../audit/record.js';
import { AppError } from '../errors.js';
import type { ChangeFeed } from '../lib/change-feed.js';
import type { Store } from '../store/index.js';
import type { Database } from '../store/schema.js';
import { incidentRow, viewsOf } from './repository.js';
import { Raced, type AfterCommit } from './steps.js';
import type { IncidentRow, IncidentView } from './types.js';

/** A verb's part inside the transaction; returns what to run once it committed. */
export type Work = (
  trx: Transaction<Database>,
  row: IncidentRow,
  now: number,
) => Promise<AfterCommit[]>;

export interface WriterDeps {
  store: Pick<Store, 'db'>;
  now: () => number;
  /** After each commit, with the fresh row (timers, in-memory indexes). */
  committed: (row: IncidentRow) => void;
  feed?: ChangeFeed | undefined;
}

export class IncidentWriter {
  /** Serializes work per key (an incident, an alert group) within this process. */
  readonly #locks = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: WriterDeps) {}

  async serial<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.#locks.get(key) ?? Promise.resolve();
    const run = previous.then(fn, fn);
    const tail = run.catch(() => undefined);
    this.#locks.set(key, tail);
    try {
      return await run;
    } finally {
      if (this.#locks.get(key) === tail) this.#locks.delete(key);
    }
  }

  /** Waits for every change in flight (close). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.#locks.values()]);
  }

  /**
   * Runs `work` on incident `id` and returns the incident as it is afterwards. `audit` (with
   * `action`) writes the audit row in the same transaction.
   */
  mutate(
    id: number,
    work: Work,
    audit?: { actor: Actor; requestId?: string | undefined } | undefined,
    action?: string,
  ): Promise<IncidentView> {
    return this.serial(`incident:${id}`, async () => {
      const db = this.deps.store.db;
      for (let attempt = 0; ; attempt++) {
        const row = await incidentRow(db, id);
        if (!row) throw new AppError('not_found', `incident ${id} does not exist`);
        let after: AfterCommit[] = [];
        try {
          await db.transaction().execute(async (trx) => {
            after = await work(trx, row, this.deps.now());
            if (audit && action) await recordAudit(trx, audit, action, `incident:${id}`);
          });
        } catch (error) {
          if (error instanceof Raced && attempt === 0) continue;
          if (error instanceof Raced)
            throw new AppError('conflict', `incident ${id} changed meanwhile; try again`);
          throw error;
        }
        for (const f of after) f();
        const fresh = (await incidentRow(db, id))!;
        this.deps.committed(fresh);
        const [view] = await viewsOf(db, [fresh]);
        if (Number(fresh.updated_at) !== Number(row.updated_at))
          this.deps.feed?.publish('incident.updated', view);
        return view!;
      }
    });
  }
}
