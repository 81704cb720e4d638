/**
 * The overrides that matter for on-call computations, held in memory so `onCallAt` (called for
 * every page) never waits on storage. Every change commits (with its audit row) before memory
 * changes and before the caller hears back. A periodic refresh re-reads storage, so instances
 * sharing a PostgreSQL database see each other's overrides within `refreshMs`.
 */
import type { AuditContext } from '../audit/record.js';
import type { OpsConfig } from '../config/index.js';
import type { Store } from '../store/index.js';
import {
  deleteOverride,
  insertOverride,
  selectOverrides,
  validateOverride,
  type Override,
  type OverrideInput,
} from './overrides.js';

export interface OverrideSetOptions {
  /** How often storage is re-read (default 60 s). */
  refreshMs?: number;
  /** Overrides that ended up to this long ago stay in memory, for recent history (default 90 d). */
  lookbackMs?: number;
  now?: () => number;
  onError?: (error: unknown) => void;
}

const DEFAULT_REFRESH_MS = 60_000;
const DEFAULT_LOOKBACK_MS = 90 * 86_400_000;

export class ScheduleOverrides {
  readonly #store: Store;
  readonly #config: () => Pick<OpsConfig, 'people' | 'schedules'>;
  readonly #refreshMs: number;
  readonly #lookbackMs: number;
  readonly #now: () => number;
  readonly #onError: (error: unknown) => void;
  /** By schedule id, in creation order. */
  #bySchedule = new Map<string, Override[]>();
  /** Mutations and refreshes run one at a time, so memory follows commit order. */
  #queue: Promise<unknown> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;

  constructor(
    store: Store,
    config: () => Pick<OpsConfig, 'people' | 'schedules'>,
    options: OverrideSetOptions = {},
  ) {
    this.#store = store;
    this.#config = config;
    this.#refreshMs = options.refreshMs ?? DEFAULT_REFRESH_MS;
    this.#lookbackMs = options.lookbackMs ?? DEFAULT_LOOKBACK_MS;
    this.#now = options.now ?? Date.now;
    this.#onError = options.onError ?? (() => {});
  }

  /** Loads from storage and starts the periodic refresh. Idempotent. */
  async start(): Promise<void> {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      this.refresh().catch((error: unknown) => this.#onError(error));
    }, this.#refreshMs);
    this.#timer.unref();
    await this.refresh();
  }

  /** Stops the refresh and waits for the change in flight. Idempotent. */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#queue.catch(() => {});
  }

  /** Re-reads storage: recent, active and future overrides that were not removed. */
  refresh(): Promise<void> {
    return this.#serial(async () => {
      const loaded = await selectOverrides(this.#store.db, {
        endsAfter: this.#now() - this.#lookbackMs,
      });
      const next = new Map<string, Override[]>();
      for (const o of loaded.sort(byCreation)) {
        const list = next.get(o.scheduleId) ?? [];
        list.push(o);
        next.set(o.scheduleId, list);
      }
      this.#bySchedule = next;
    });
  }

  /** The schedule's overrides held in memory, in creation order. */
  active(scheduleId: string): readonly Override[] {
    return this.#bySchedule.get(scheduleId) ?? [];
  }

  /**
   * The schedule's overrides from storage that meet `[from, to)` (default: those not ended),
   * by start. Removed ones are left out.
   */
  list(scheduleId: string, range: { from?: number; to?: number } = {}): Promise<Override[]> {
    return selectOverrides(this.#store.db, {
      scheduleId,
      endsAfter: range.from ?? this.#now(),
      ...(range.to === undefined ? {} : { startsBefore: range.to }),
    });
  }

  /** Validates against the config in force, stores, audits; resolves once committed. */
  create(input: OverrideInput, ctx: AuditContext): Promise<Override> {
    return this.#serial(async () => {
      const now = this.#now();
      validateOverride(input, this.#config(), now);
      const created = await this.#store.db
        .transaction()
        .execute((trx) => insertOverride(trx, input, now, ctx));
      const list = [...this.active(created.scheduleId), created];
      this.#bySchedule.set(created.scheduleId, list);
      return created;
    });
  }

  /** Removes override `id` of `scheduleId` (soft delete, audited). */
  remove(scheduleId: string, id: string, ctx: AuditContext): Promise<Override> {
    return this.#serial(async () => {
      const removed = await this.#store.db
        .transaction()
        .execute((trx) => deleteOverride(trx, scheduleId, id, this.#now(), ctx));
      this.#bySchedule.set(
        scheduleId,
        this.active(scheduleId).filter((o) => o.id !== id),
      );
      return removed;
    });
  }

  #serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work);
    this.#queue = run.catch(() => {});
    return run;
  }
}

function byCreation(a: Override, b: Override): number {
  return a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1);
}
