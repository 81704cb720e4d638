/**
 * Which Opsdeck processes are alive on this storage. Each `opsdeck up` keeps a heartbeat row
 * (`settings` key `instance:<host>:<pid>:<start>`), so a starting process can tell whether work
 * left half done in storage (notifications `sending` under a lease) belongs to a process that
 * died — take it over at once — or to one still running — leave it to its lease. A row counts
 * as alive while its heartbeat is fresh, unless it names this host and a pid that is gone.
 */
import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Logger } from '../telemetry/logger.js';

const PREFIX = 'instance:';
const HEARTBEAT_MS = 10_000;
/** A heartbeat older than this is a process that stopped without removing its row. */
const STALE_MS = 3 * HEARTBEAT_MS;

interface InstanceRow {
  host: string;
  pid: number;
  heartbeatAt: number;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class Instances {
  readonly id = `${PREFIX}${hostname()}:${process.pid}:${Date.now()}`;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether another process on this storage is alive now. */
  async othersAlive(): Promise<boolean> {
    const rows = await this.db
      .selectFrom('settings')
      .selectAll()
      .where('key', 'like', `${PREFIX}%`)
      .execute();
    const host = hostname();
    return rows.some((r) => {
      if (r.key === this.id) return false;
      let row: InstanceRow;
      try {
        row = JSON.parse(r.value) as InstanceRow;
      } catch {
        return false;
      }
      if (typeof row.heartbeatAt !== 'number' || typeof row.pid !== 'number') return false;
      if (this.now() - row.heartbeatAt > STALE_MS) return false;
      return row.host !== host || (row.pid !== process.pid && pidAlive(row.pid));
    });
  }

  /** Writes this process's row and keeps it fresh until `close()`. */
  async register(): Promise<void> {
    await this.#beat();
    this.#timer = setInterval(() => {
      this.#beat().catch((error: unknown) =>
        this.logger.warn({ err: error }, 'instance heartbeat failed'),
      );
    }, HEARTBEAT_MS);
    this.#timer.unref();
  }

  async #beat(): Promise<void> {
    const value = JSON.stringify({ host: hostname(), pid: process.pid, heartbeatAt: this.now() });
    await this.db
      .insertInto('settings')
      .values({ key: this.id, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.db.deleteFrom('settings').where('key', '=', this.id).execute();
  }
}
