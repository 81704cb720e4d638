import type { Kysely, Transaction } from 'kysely';
import { bulkInserter, type Store } from '../../store/index.js';
import type {
  ChecksTable,
  CheckResultsTable,
  CheckRollupTable,
  Database,
  HeartbeatPingsTable,
} from '../../store/schema.js';
import type { MinuteRollups } from './minute-rollups.js';

/** Rows per INSERT: bounds the size of one JSON parameter (about 100 bytes a row). */
const CHUNK = 10_000;
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

  readonly #insert: Inserters;

  constructor(
    private readonly store: Pick<Store, 'db' | 'dialect'>,
    private readonly minutes: MinuteRollups,
    private readonly options: { intervalMs: number; batchRows: number },
    private readonly hooks: WriterHooks = {},
  ) {
    this.#insert = inserters(store.dialect);
  }

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
      const batch = { results, events, pings, updates, rollups, rollupsUntil };
      await this.store.db.transaction().execute((trx) => writeAll(trx, this.#insert, batch));
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

const RESULT_COLUMNS = [
  ['check_id', 'integer'],
  ['at', 'bigint'],
  ['status', 'integer'],
  ['latency_us', 'integer'],
  ['reason', 'text'],
  ['details', 'text'],
] as const;

const PING_COLUMNS = [
  ['check_id', 'integer'],
  ['at', 'bigint'],
  ['event', 'text'],
  ['exit_status', 'integer'],
  ['rid', 'text'],
  ['duration_ms', 'bigint'],
  ['method', 'text'],
  ['remote_addr', 'text'],
  ['user_agent', 'text'],
  ['body', 'text'],
] as const;

const ROLLUP_COLUMNS = [
  ['check_id', 'integer'],
  ['bucket', 'bigint'],
  ['up', 'integer'],
  ['degraded', 'integer'],
  ['down', 'integer'],
  ['lat_min_us', 'integer'],
  ['lat_max_us', 'integer'],
  ['lat_sum_us', 'bigint'],
  ['lat_p95_us', 'integer'],
] as const;

const m = 'check_rollup_minute';
/**
 * A minute written at shutdown and continued after a restart: the two halves add up; min and
 * max are of both; the p95 of the half with more answered runs stands for the minute.
 */
const MINUTE_MERGE = `on conflict (check_id, bucket) do update set
  up = ${m}.up + excluded.up,
  degraded = ${m}.degraded + excluded.degraded,
  down = ${m}.down + excluded.down,
  lat_sum_us = ${m}.lat_sum_us + excluded.lat_sum_us,
  lat_min_us = case when ${m}.lat_min_us is null or excluded.lat_min_us < ${m}.lat_min_us
    then excluded.lat_min_us else ${m}.lat_min_us end,
  lat_max_us = case when ${m}.lat_max_us is null or excluded.lat_max_us > ${m}.lat_max_us
    then excluded.lat_max_us else ${m}.lat_max_us end,
  lat_p95_us = case when excluded.up + excluded.degraded > ${m}.up + ${m}.degraded
    then excluded.lat_p95_us else ${m}.lat_p95_us end`;

type Inserters = ReturnType<typeof inserters>;

function inserters(dialect: Store['dialect']) {
  return {
    // Two instances on one PostgreSQL may both record a run; the first write wins.
    results: bulkInserter(dialect, {
      table: 'check_results',
      columns: RESULT_COLUMNS,
      conflict: 'on conflict (check_id, at) do nothing',
    }),
    pings: bulkInserter(dialect, {
      table: 'heartbeat_pings',
      columns: PING_COLUMNS,
      conflict: 'on conflict (check_id, at) do nothing',
    }),
    minutes: bulkInserter(dialect, { table: m, columns: ROLLUP_COLUMNS, conflict: MINUTE_MERGE }),
  };
}

function rowsOf<T>(
  items: readonly T[],
  columns: ReadonlyArray<readonly [string, string]>,
): unknown[][] {
  return items.map((item) =>
    columns.map(([name]) => (item as Record<string, unknown>)[name] ?? null),
  );
}

async function writeAll(
  trx: Transaction<Database>,
  insert: Inserters,
  batch: Batch,
): Promise<void> {
  const db = trx as unknown as Kysely<never>;
  for (let i = 0; i < batch.results.length; i += CHUNK)
    await insert.results(db, rowsOf(batch.results.slice(i, i + CHUNK), RESULT_COLUMNS));
  for (let i = 0; i < batch.pings.length; i += CHUNK)
    await insert.pings(db, rowsOf(batch.pings.slice(i, i + CHUNK), PING_COLUMNS));
  for (let i = 0; i < batch.events.length; i += CHUNK)
    await trx
      .insertInto('check_events')
      .values(batch.events.slice(i, i + CHUNK))
      .execute();
  for (let i = 0; i < batch.rollups.length; i += CHUNK)
    await insert.minutes(db, rowsOf(batch.rollups.slice(i, i + CHUNK), ROLLUP_COLUMNS));
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
