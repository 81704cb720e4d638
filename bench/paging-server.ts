/**
 * Opsdeck under test for bench/paging: `bin/opsdeck up` in a child process on 127.0.0.1 with
 * the admin token from OPSDECK_ADMIN_TOKEN, its own config and storage (a fresh SQLite file in
 * a temp dir, or a fresh PostgreSQL database), and its stdout and stderr appended to a log file
 * that survives a kill -9 and a restart. `kill9()` is SIGKILL with no warning; `restart()`
 * starts a new process on the same config, storage and port.
 *
 * After a phase the storage is read directly (SQLite read-only with better-sqlite3, PostgreSQL
 * with pg): notification and attempt outcomes, incidents. The log is scanned for warnings and
 * errors. Every child is killed and every temp dir removed when the benchmark exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { sleep, stopChild, trackChild } from './lib.js';

const BIN = fileURLToPath(new URL('../bin/opsdeck', import.meta.url));
const BUNDLE = fileURLToPath(new URL('../dist/opsdeck.mjs', import.meta.url));
export const ADMIN_TOKEN = 'bench-paging-admin-token-0123456789abcdefghijklmnopqrstuvwxyz';

export type Dialect = 'sqlite' | 'postgres';

/** Where a phase's data lives: a storage URL, and the dialect to read it back with. */
export interface Storage {
  dialect: Dialect;
  url: string;
}

export interface Opsdeck {
  url: string;
  port: number;
  pid(): number;
  child(): ChildProcess;
  logFile: string;
  /** Throws with the log tail if the process has exited. */
  assertAlive(): void;
  tail(lines?: number): string;
  /** SIGKILL, no warning; resolves once the process is gone. */
  kill9(): Promise<void>;
  /** A new process on the same config, storage and port; resolves with ms to /readyz 200. */
  restart(): Promise<number>;
  /** SIGTERM (graceful close), SIGKILL after 20 s; resolves with the ms it took. */
  stop(): Promise<number>;
}

const READY_TIMEOUT_MS = 60_000;

/** Starts Opsdeck on `config` (a file) and `storage`; resolves once /readyz answers 200. */
export async function startOpsdeck(
  dir: string,
  config: string,
  storage: Storage,
  port: number,
  profileDir?: string,
): Promise<{ server: Opsdeck; readyMs: number }> {
  if (!existsSync(BUNDLE)) throw new Error('dist/opsdeck.mjs is missing: run `npm run build`');
  const logFile = join(dir, 'opsdeck.log');
  const url = `http://127.0.0.1:${port}`;
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('OPSDECK_') && k !== 'NODE_OPTIONS'),
  );
  let child: ChildProcess;
  let run = 0;

  const spawnOne = (): ChildProcess => {
    const fd = openSync(logFile, 'a');
    writeSync(fd, `--- bench/paging: start #${++run} at ${new Date().toISOString()} ---\n`);
    try {
      // The log is a file the child writes itself: nothing is lost when either side dies.
      return trackChild(
        spawn(
          process.execPath,
          [
            ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
            BIN,
            'up',
            '--config',
            config,
            '--storage',
            storage.url,
            '--listen',
            `127.0.0.1:${port}`,
          ],
          {
            env: {
              ...env,
              NO_COLOR: '1',
              OPSDECK_ADMIN_TOKEN: ADMIN_TOKEN,
              OPSDECK_LOG_LEVEL: 'info',
            },
            stdio: ['ignore', fd, fd],
          },
        ),
      );
    } finally {
      closeSync(fd);
    }
  };

  const tail = (lines = 30) =>
    existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n') : '';
  const assertAlive = () => {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`opsdeck exited (${child.exitCode ?? child.signalCode}):\n${tail()}`);
  };
  const waitReady = async (): Promise<number> => {
    const t0 = performance.now();
    for (;;) {
      assertAlive();
      try {
        const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(5_000) });
        await res.arrayBuffer();
        if (res.status === 200) return performance.now() - t0;
      } catch {
        // not listening yet
      }
      if (performance.now() - t0 > READY_TIMEOUT_MS)
        throw new Error(`opsdeck not ready in ${READY_TIMEOUT_MS} ms:\n${tail()}`);
      await sleep(10);
    }
  };

  child = spawnOne();
  const readyMs = await waitReady();
  const server: Opsdeck = {
    url,
    port,
    pid: () => child.pid!,
    child: () => child,
    logFile,
    assertAlive,
    tail,
    async kill9() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    },
    async restart() {
      if (child.exitCode === null && child.signalCode === null)
        throw new Error('restart: the previous process is still running');
      const t0 = performance.now();
      child = spawnOne();
      await waitReady();
      return performance.now() - t0;
    },
    stop: () => stopChild(child),
  };
  return { server, readyMs };
}

/** A fresh, empty database on the PostgreSQL server of `adminUrl`; returns its URL. */
export async function freshPostgres(adminUrl: string, label: string): Promise<string> {
  const name = `opsdeck_bench_paging_${label}_${Date.now().toString(36)}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const u = new URL(adminUrl);
  u.pathname = '/' + name;
  return u.toString();
}

/** Drops a database made by freshPostgres (the server must be stopped). */
export async function dropPostgres(adminUrl: string, url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  if (!/^opsdeck_bench_paging_\w+$/.test(name)) return;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists ${name}`);
  } finally {
    await client.end();
  }
}

export interface StoredFigures {
  /** Notifications by status (delivered, sending, pending, failed, cancelled). */
  byStatus: Record<string, number>;
  notifications: number;
  /** Attempt log rows by outcome (delivered, retry, failed). */
  attemptsByOutcome: Record<string, number>;
  /** Notifications that took more than one attempt. */
  multiAttempt: number;
  /** The most frequent details of attempts that did not deliver. */
  failureDetails: Array<{ detail: string; n: number }>;
  incidents: number;
  /** Incidents with a number of notifications other than `perIncident`. */
  incidentsWithOtherCount: number;
}

const QUERIES = {
  byStatus: 'select status, count(*) as n from notifications group by status',
  attempts: 'select outcome, count(*) as n from notification_attempts group by outcome',
  multi: 'select count(*) as n from notifications where attempts > 1',
  details:
    "select coalesce(detail, '(none)') as detail, count(*) as n from notification_attempts " +
    "where outcome <> 'delivered' group by detail order by n desc limit 5",
  incidents: 'select count(*) as n from incidents',
  perIncident:
    'select count(*) as n from (select incident_id, count(*) as c from notifications ' +
    'where incident_id is not null group by incident_id) as per where c <> $1',
};

type Query = (sql: string, params?: unknown[]) => Promise<Array<Record<string, unknown>>>;

/**
 * A connection of our own to the server's storage: SQLite read-only (WAL lets it read while
 * the server writes), PostgreSQL through pg. For figures during a run and after it.
 */
export interface Reader {
  query: Query;
  /** Outbox rows by status, now. */
  statuses(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

export async function openReader(storage: Storage): Promise<Reader> {
  let query: Query;
  let close: () => Promise<void>;
  if (storage.dialect === 'sqlite') {
    const db = new Database(storage.url.slice('sqlite:'.length), {
      readonly: true,
      fileMustExist: true,
    });
    db.pragma('busy_timeout = 5000');
    query = async (sql, params = []) =>
      db.prepare(sql.replace(/\$\d+/g, '?')).all(...params) as Array<Record<string, unknown>>;
    close = async () => void db.close();
  } else {
    const client = new pg.Client({ connectionString: storage.url });
    await client.connect();
    query = async (sql, params = []) => (await client.query(sql, params)).rows;
    close = () => client.end();
  }
  return {
    query,
    statuses: async () => counts(await query(QUERIES.byStatus), 'status'),
    close,
  };
}

const counts = (rows: Array<Record<string, unknown>>, key: string) =>
  Object.fromEntries(rows.map((r) => [String(r[key]), Number(r.n)]));

/** Reads the outbox and incidents back from storage (the server should be stopped). */
export async function storedFigures(storage: Storage, perIncident: number): Promise<StoredFigures> {
  const reader = await openReader(storage);
  try {
    return await readFigures(reader.query, perIncident);
  } finally {
    await reader.close();
  }
}

async function readFigures(query: Query, perIncident: number): Promise<StoredFigures> {
  const byStatus = counts(await query(QUERIES.byStatus), 'status');
  return {
    byStatus,
    notifications: Object.values(byStatus).reduce((a, b) => a + b, 0),
    attemptsByOutcome: counts(await query(QUERIES.attempts), 'outcome'),
    multiAttempt: Number((await query(QUERIES.multi))[0]?.n ?? 0),
    failureDetails: (await query(QUERIES.details)).map((r) => ({
      detail: String(r.detail).slice(0, 120),
      n: Number(r.n),
    })),
    incidents: Number((await query(QUERIES.incidents))[0]?.n ?? 0),
    incidentsWithOtherCount: Number((await query(QUERIES.perIncident, [perIncident]))[0]?.n ?? 0),
  };
}

export interface LogFigures {
  /** Lines at level warn (40) or above, or non-JSON lines mentioning warn/error. */
  warnings: number;
  errors: number;
  /** Distinct messages with their counts, most frequent first. */
  messages: Array<{ level: string; msg: string; n: number }>;
  /**
   * Rows a starting notifier took over at once rather than after their lease (its info line
   * "taking over notifications …" with a `notifications` count); null when no such line.
   */
  takenOverAtStart: number | null;
}

/** Scans a log file: pino JSON lines by level, other lines by the words warn/error. */
export function scanLog(file: string): LogFigures {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const counts = new Map<string, { level: string; msg: string; n: number }>();
  let warnings = 0;
  let errors = 0;
  let takenOverAtStart: number | null = null;
  for (const line of text.split('\n')) {
    // Node's hint after a process warning belongs to the warning, not counted again.
    if (
      line === '' ||
      line.startsWith('--- bench/paging:') ||
      line.startsWith('(Use `node --trace')
    )
      continue;
    let level: string | undefined;
    let msg = line;
    if (line.startsWith('{')) {
      try {
        const entry = JSON.parse(line) as {
          level?: number;
          msg?: string;
          err?: { message?: string };
          notifications?: number;
        };
        if (/taking over/i.test(entry.msg ?? '') && typeof entry.notifications === 'number')
          takenOverAtStart = (takenOverAtStart ?? 0) + entry.notifications;
        const n = entry.level ?? 30;
        if (n >= 50) level = 'error';
        else if (n >= 40) level = 'warn';
        msg = `${entry.msg ?? ''}${entry.err?.message ? `: ${entry.err.message}` : ''}`;
      } catch {
        // not JSON after all: judged by its words below
      }
    }
    if (level === undefined && !line.startsWith('{')) {
      if (/error/i.test(line)) level = 'error';
      else if (/warn/i.test(line)) level = 'warn';
    }
    if (level === undefined) continue;
    if (level === 'error') errors++;
    else warnings++;
    const short = msg.replace(/^\(node:\d+\) /, '').slice(0, 100);
    const key = `${level} ${short}`;
    const c = counts.get(key) ?? { level, msg: short, n: 0 };
    c.n++;
    counts.set(key, c);
  }
  return {
    warnings,
    errors,
    messages: [...counts.values()].sort((a, b) => b.n - a.n),
    takenOverAtStart,
  };
}
