import { bulkStatements, type Store } from '../../store/index.js';
import type { HeldAlert } from './rows.js';
import { toRow } from './rows.js';

const COLUMNS = [
  ['fingerprint', 'text'],
  ['labels', 'text'],
  ['annotations', 'text'],
  ['starts_at', 'bigint'],
  ['ends_at', 'bigint'],
  ['updated_at', 'bigint'],
  ['timeout', 'integer'],
  ['generator_url', 'text'],
  ['source', 'text'],
  ['acknowledged_at', 'bigint'],
] as const;

const UPDATE = COLUMNS.slice(1)
  .map(([name]) => `${name} = excluded.${name}`)
  .join(', ');

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

export interface AlertWriterHooks {
  onCommit?(rows: number, ms: number): void;
  onError?(error: unknown): void;
}

/**
 * Group commit for alerts. Each alert's latest state waits in a map (a re-send in the same
 * batch replaces the earlier one, which also keeps PostgreSQL's upsert from touching a row
 * twice); a flush starts as soon as none is running, so an idle Opsdeck commits a lone alert
 * at once, and under load every request that arrives during a commit shares the next one.
 * Callers are answered when the transaction holding their alerts has committed.
 */
export class AlertWriter {
  #pending = new Map<string, HeldAlert>();
  #waiters: Waiter[] = [];
  #flushing: Promise<void> | undefined;
  readonly #upsert;

  constructor(
    private readonly store: Pick<Store, 'dialect' | 'writeBatch'>,
    private readonly hooks: AlertWriterHooks = {},
  ) {
    this.#upsert = bulkStatements(store.dialect, {
      table: 'alerts',
      columns: COLUMNS,
      conflict: `on conflict (fingerprint) do update set ${UPDATE}`,
    });
  }

  /** Alerts waiting for a commit. */
  get pending(): number {
    return this.#pending.size;
  }

  /** Whether an alert waits for its commit. */
  has(fp: string): boolean {
    return this.#pending.has(fp);
  }

  put(alert: HeldAlert): void {
    this.#pending.set(alert.fingerprint, alert);
  }

  /** Resolves once everything put so far is committed. */
  commit(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#waiters.push({ resolve, reject });
      this.#kick();
    });
  }

  #kick(): void {
    if (this.#flushing) return;
    // One turn of the event loop first, so requests whose bytes arrived together share the
    // commit instead of the first one going alone.
    this.#flushing = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.#write())
      .finally(() => {
        this.#flushing = undefined;
        if (this.#waiters.length > 0) this.#kick();
      });
    this.#flushing.catch(() => {});
  }

  async #write(): Promise<void> {
    const batch = this.#pending;
    const waiters = this.#waiters;
    this.#pending = new Map();
    this.#waiters = [];
    if (batch.size === 0) {
      for (const w of waiters) w.resolve();
      return;
    }
    const rows = Array.from(batch.values(), toRow);
    const t0 = performance.now();
    try {
      // On SQLite the commit runs in the store's writer thread: the next requests are
      // parsed meanwhile and wait for the following commit.
      await this.store.writeBatch(this.#upsert(rows));
    } catch (error) {
      // Newer versions that arrived meanwhile win; the rest goes back for the next flush.
      for (const [fp, alert] of batch) if (!this.#pending.has(fp)) this.#pending.set(fp, alert);
      for (const w of waiters) w.reject(error);
      this.hooks.onError?.(error);
      return;
    }
    this.hooks.onCommit?.(rows.length, performance.now() - t0);
    for (const w of waiters) w.resolve();
  }

  /** Writes what is waiting; rejects if storage refuses. */
  async close(): Promise<void> {
    while (this.#flushing) await this.#flushing;
    if (this.#pending.size > 0) await this.commit();
  }
}
