import type { Kysely, Transaction } from 'kysely';
import type {
  ChecksTable,
  CheckResultsTable,
  CheckRollupTable,
  Database,
  HeartbeatPingsTable,
} from '../../store/schema.js';
import type { MinuteRollups } from './minute-rollups.js';

/** Rows per INSERT: 2,000 × 7 columns stays under both databases' bound-parameter limits. */
const CHUNK = 2_000;
/** Results kept in memory while storage is down; beyond it the oldest are dropped (and counted). */
const MAX_BUFFERED_RESULTS = 1_000_000;

export type CheckUpdate = Partial<
  Pick<
    ChecksTable,
    'state' | 'state_since' | 'state_reason' | 'paused' | 'last_ping_at' | 'open_runs'
  >
>;

export interface NewEvent {
  check_id: number;
  at: number;
  from_state: string;
  to_state: string;
  reason: string | null;
}

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

export interface WriterHooks {
  onFlush?(rows: number, ms: number): void;
  onError?(error: unknown): void;
  onDrop?(count: number): void;
}

/**
 * Group commit for everything the checks engine writes: results, minute rollups, state
 * changes, heartbeat pings. Rows gather in memory and go to storage in one transaction per
 * flush (every `intervalMs`, or sooner when many are waiting), so 20,000 checks cost a few
 * transactions a second rather than hundreds. Callers that must answer only after their data
 * is committed (heartbeat pings) await `commit()`. When storage is down the rows stay here
 * and the next flush retries them.
 */
export class HistoryWriter {
  #results: CheckResultsTable[] = [];
  #events: NewEvent[] = [];
  #pings: HeartbeatPingsTable[] = [];
  #updates = new Map<number, CheckUpdate>();
  #rollups: CheckRollupTable[] = [];
  #rollupsUntil: number | undefined;
  #waiters: Waiter[] = [];
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> | undefined;
  #closed = false;

  constructor(
    private readonly db: () => Kysely<Database>,
    private readonly minutes: MinuteRollups,
    private readonly options: { intervalMs: number; batchRows: number },
    private readonly hooks: WriterHooks = {},
  ) {}

  get pending(): number {
    return this.#results.length + this.#events.length + this.#pings.length + this.#updates.size;
  }

  start(): void {
    this.#timer ??= setInterval(() => void this.flush().catch(() => {}), this.options.intervalMs);
    this.#timer.unref();
  }

  addResult(row: CheckResultsTable): void {
    this.#results.push(row);
    if (this.#results.length > MAX_BUFFERED_RESULTS) {
      const drop = this.#results.length - MAX_BUFFERED_RESULTS;
      this.#results.splice(0, drop);
      this.hooks.onDrop?.(drop);
    }
    if (this.#results.length >= this.options.batchRows && !this.#flushing)
      void this.flush().catch(() => {});
  }

  addEvent(event: NewEvent): void {
    this.#events.push(event);
  }

  updateCheck(id: number, update: CheckUpdate): void {
    const prev = this.#updates.get(id);
    this.#updates.set(id, prev ? { ...prev, ...update } : update);
  }

  addPing(row: HeartbeatPingsTable): void {
    this.#pings.push(row);
  }

  /** Resolves once everything added so far is committed; rejects if that flush fails. */
  commit(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#waiters.push({ resolve, reject });
      if (!this.#flushing) void this.flush().catch(() => {});
    });
  }

  /** Writes what is buffered in one transaction; concurrent calls share the running flush. */
  flush(final = false): Promise<void> {
    if (this.#flushing) return this.#flushing.then(() => this.#startFlush(final));
    return this.#startFlush(final);
  }

  #startFlush(final: boolean): Promise<void> {
    if (this.#flushing) return this.#flushing;
    const run = this.#write(final).finally(() => {
      this.#flushing = undefined;
    });
    this.#flushing = run;
    return run;
  }

  async #write(final: boolean): Promise<void> {
    const now = Date.now();
    const closed = this.minutes.takeClosed(final ? Infinity : now);
    this.#rollups.push(...closed.rows);
    if (closed.until !== undefined) this.#rollupsUntil = closed.until;
    const results = this.#results;
    const events = this.#events;
    const pings = this.#pings;
    const updates = this.#updates;
    const rollups = this.#rollups;
    const rollupsUntil = this.#rollupsUntil;
    const waiters = this.#waiters;
    const rows = results.length + events.length + pings.length + updates.size + rollups.length;
    if (rows === 0 && rollupsUntil === undefined) {
      for (const w of waiters.splice(0)) w.resolve();
      return;
    }
    this.#results = [];
    this.#events = [];
    this.#pings = [];
    this.#updates = new Map();
    this.#rollups = [];
    this.#rollupsUntil = undefined;
    this.#waiters = [];
    const t0 = performance.now();
    try {
      await this.db()
        .transaction()
        .execute((trx) =>
          writeAll(trx, { results, events, pings, updates, rollups, rollupsUntil }),
        );
    } catch (error) {
      // Put everything back in front of what arrived meanwhile; the next flush retries.
      this.#results = results.concat(this.#results);
      this.#events = events.concat(this.#events);
      this.#pings = pings.concat(this.#pings);
      for (const [id, u] of this.#updates) updates.set(id, { ...updates.get(id), ...u });
      this.#updates = updates;
      this.#rollups = rollups.concat(this.#rollups);
      this.#rollupsUntil ??= rollupsUntil;
      for (const w of waiters) w.reject(error);
      this.hooks.onError?.(error);
      throw error;
    }
    for (const w of waiters) w.resolve();
    this.hooks.onFlush?.(rows, performance.now() - t0);
  }

  /** Stops the timer and writes everything, open minutes included. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    await this.flush(true);
  }
}

interface Batch {
  results: CheckResultsTable[];
  events: NewEvent[];
  pings: HeartbeatPingsTable[];
  updates: Map<number, CheckUpdate>;
  rollups: CheckRollupTable[];
  rollupsUntil: number | undefined;
}

async function writeAll(trx: Transaction<Database>, batch: Batch): Promise<void> {
  for (let i = 0; i < batch.results.length; i += CHUNK) {
    await trx
      .insertInto('check_results')
      .values(batch.results.slice(i, i + CHUNK))
      // Two instances on one PostgreSQL may both record a run; the first write wins.
      .onConflict((oc) => oc.columns(['check_id', 'at']).doNothing())
      .execute();
  }
  for (let i = 0; i < batch.pings.length; i += CHUNK) {
    await trx
      .insertInto('heartbeat_pings')
      .values(batch.pings.slice(i, i + CHUNK))
      .onConflict((oc) => oc.columns(['check_id', 'at']).doNothing())
      .execute();
  }
  for (let i = 0; i < batch.events.length; i += CHUNK)
    await trx
      .insertInto('check_events')
      .values(batch.events.slice(i, i + CHUNK))
      .execute();
  for (let i = 0; i < batch.rollups.length; i += CHUNK) {
    await trx
      .insertInto('check_rollup_minute')
      .values(batch.rollups.slice(i, i + CHUNK))
      // A minute written at shutdown and continued after a restart: add the two halves.
      .onConflict((oc) =>
        oc.columns(['check_id', 'bucket']).doUpdateSet((eb) => ({
          up: eb('check_rollup_minute.up', '+', eb.ref('excluded.up')),
          degraded: eb('check_rollup_minute.degraded', '+', eb.ref('excluded.degraded')),
          down: eb('check_rollup_minute.down', '+', eb.ref('excluded.down')),
          lat_sum_us: eb('check_rollup_minute.lat_sum_us', '+', eb.ref('excluded.lat_sum_us')),
          // min/max of the halves; p95 of the larger half stands for the minute (documented).
          lat_min_us: eb
            .case()
            .when('check_rollup_minute.lat_min_us', 'is', null)
            .then(eb.ref('excluded.lat_min_us'))
            .when('excluded.lat_min_us', '<', eb.ref('check_rollup_minute.lat_min_us'))
            .then(eb.ref('excluded.lat_min_us'))
            .else(eb.ref('check_rollup_minute.lat_min_us'))
            .end(),
          lat_max_us: eb
            .case()
            .when('check_rollup_minute.lat_max_us', 'is', null)
            .then(eb.ref('excluded.lat_max_us'))
            .when('excluded.lat_max_us', '>', eb.ref('check_rollup_minute.lat_max_us'))
            .then(eb.ref('excluded.lat_max_us'))
            .else(eb.ref('check_rollup_minute.lat_max_us'))
            .end(),
          lat_p95_us: eb
            .case()
            .when(
              eb(eb.ref('excluded.up'), '+', eb.ref('excluded.degraded')),
              '>',
              eb(eb.ref('check_rollup_minute.up'), '+', eb.ref('check_rollup_minute.degraded')),
            )
            .then(eb.ref('excluded.lat_p95_us'))
            .else(eb.ref('check_rollup_minute.lat_p95_us'))
            .end(),
        })),
      )
      .execute();
  }
  if (batch.rollupsUntil !== undefined) await setProgress(trx, 'minute', batch.rollupsUntil);
  const now = Date.now();
  for (const [id, update] of batch.updates)
    await trx
      .updateTable('checks')
      .set({ ...update, updated_at: now })
      .where('id', '=', id)
      .execute();
}

/** Records that every result before `until` is in the `granularity` rollups. */
export async function setProgress(
  db: Kysely<Database>,
  granularity: 'minute' | 'hour' | 'day',
  until: number,
): Promise<void> {
  await db
    .insertInto('check_rollup_progress')
    .values({ granularity, done_until: until })
    .onConflict((oc) => oc.column('granularity').doUpdateSet({ done_until: until }))
    .execute();
}
