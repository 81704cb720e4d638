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
import { setProgress } from './progress.js';

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
  #batch = emptyBatch();
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
    const b = this.#batch;
    return b.results.length + b.events.length + b.pings.length + b.updates.size;
  }

  start(): void {
    this.#timer ??= setInterval(() => void this.flush().catch(() => {}), this.options.intervalMs);
    this.#timer.unref();
  }

  addResult(row: CheckResultsTable): void {
    const results = this.#batch.results;
    results.push(row);
    if (results.length > MAX_BUFFERED_RESULTS) {
      const drop = results.length - MAX_BUFFERED_RESULTS;
      results.splice(0, drop);
      this.hooks.onDrop?.(drop);
    }
    if (results.length >= this.options.batchRows && !this.#flushing)
      void this.flush().catch(() => {});
  }

  addEvent(event: NewEvent): void {
    this.#batch.events.push(event);
  }

  updateCheck(id: number, update: CheckUpdate): void {
    const updates = this.#batch.updates;
    const prev = updates.get(id);
    updates.set(id, prev ? { ...prev, ...update } : update);
  }

  addPing(row: HeartbeatPingsTable): void {
    this.#batch.pings.push(row);
  }

  /** Runs `task` inside the next flush's transaction (e.g. the audit row of a pause). */
  addTask(task: Task): void {
    this.#batch.tasks.push(task);
  }

  /** Resolves once everything added so far is committed; rejects if that flush fails. */
  commit(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#batch.waiters.push({ resolve, reject });
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
    const batch = this.#batch;
    const closed = this.minutes.takeClosed(final ? Infinity : Date.now());
    batch.rollups.push(...closed.rows);
    if (closed.until !== undefined) batch.rollupsUntil = closed.until;
    const rows = sizeOf(batch);
    if (rows === 0 && batch.rollupsUntil === undefined) {
      for (const w of batch.waiters.splice(0)) w.resolve();
      return;
    }
    this.#batch = emptyBatch();
    const t0 = performance.now();
    try {
      await this.store.db.transaction().execute((trx) => writeAll(trx, this.#insert, batch));
    } catch (error) {
      // Put everything back in front of what arrived meanwhile; the next flush retries.
      this.#batch = requeue(batch, this.#batch);
      for (const w of batch.waiters) w.reject(error);
      this.hooks.onError?.(error);
      throw error;
    }
    for (const w of batch.waiters) w.resolve();
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

type Task = (trx: Transaction<Database>) => Promise<void>;

/** What one flush writes, and who waits for it. */
interface Batch {
  results: CheckResultsTable[];
  events: NewEvent[];
  pings: HeartbeatPingsTable[];
  updates: Map<number, CheckUpdate>;
  rollups: CheckRollupTable[];
  rollupsUntil: number | undefined;
  tasks: Task[];
  waiters: Waiter[];
}

function emptyBatch(): Batch {
  const b = { results: [], events: [], pings: [], rollups: [], tasks: [], waiters: [] };
  return { ...b, updates: new Map(), rollupsUntil: undefined };
}

function sizeOf(b: Batch): number {
  const lists = b.results.length + b.events.length + b.pings.length + b.rollups.length;
  return lists + b.updates.size + b.tasks.length;
}

/** A failed batch in front of what arrived since (its waiters have been told). */
function requeue(failed: Batch, since: Batch): Batch {
  const updates = failed.updates;
  for (const [id, u] of since.updates) updates.set(id, { ...updates.get(id), ...u });
  return {
    results: failed.results.concat(since.results),
    events: failed.events.concat(since.events),
    pings: failed.pings.concat(since.pings),
    updates,
    rollups: failed.rollups.concat(since.rollups),
    rollupsUntil: since.rollupsUntil ?? failed.rollupsUntil,
    tasks: failed.tasks.concat(since.tasks),
    waiters: since.waiters,
  };
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
  for (const task of batch.tasks) await task(trx);
  const now = Date.now();
  for (const [id, update] of batch.updates)
    await trx
      .updateTable('checks')
      .set({ ...update, updated_at: now })
      .where('id', '=', id)
      .execute();
}
