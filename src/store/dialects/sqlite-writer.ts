import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** A statement as the worker runs it: SQL text and positional parameters. */
export interface BatchStatement {
  sql: string;
  parameters: readonly unknown[];
}

/*
 * The worker, as source: it runs inside `new Worker(…, { eval: true })`, so the bundle needs no
 * second entry point and the TypeScript sources need no loader in the thread. It opens its own
 * connection to the same file (WAL lets both connections work; writers take turns through
 * BEGIN IMMEDIATE and busy_timeout), keeps statements prepared, and runs each batch in one
 * transaction, answering only once it has committed.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.modulePath);
const db = new Database(workerData.path);
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = ' + workerData.busyTimeoutMs);
const prepared = new Map();
const statement = (sql) => {
  let s = prepared.get(sql);
  if (!s) {
    if (prepared.size >= 200) prepared.delete(prepared.keys().next().value);
    prepared.set(sql, (s = db.prepare(sql)));
  }
  return s;
};
const runAll = db.transaction((statements) => {
  for (const s of statements) statement(s.sql).run(s.parameters);
});
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    runAll.immediate(message.statements);
    parentPort.postMessage({ id: message.id });
  } catch (error) {
    parentPort.postMessage({ id: message.id, error: String(error && error.message) });
  }
});
`;

/**
 * A writer thread for one SQLite file. Hot paths hand it whole group commits (`run`): the
 * commit, its fsync and any WAL checkpoint then cost the worker's core, not the event loop's,
 * so requests keep being parsed while the previous batch is written. Batches run in the order
 * given; `run` resolves when its batch has committed and rejects with SQLite's message if it
 * could not.
 */
export class SqliteWriterThread {
  readonly #worker: Worker;
  readonly #waiting = new Map<number, { resolve(): void; reject(error: Error): void }>();
  #next = 0;
  #closed: Promise<void> | undefined;

  constructor(path: string, busyTimeoutMs: number) {
    const modulePath = createRequire(import.meta.url).resolve('better-sqlite3');
    this.#worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { path, modulePath, busyTimeoutMs },
    });
    this.#worker.unref();
    this.#worker.on('message', (m: { id: number; error?: string }) => {
      const waiter = this.#waiting.get(m.id);
      this.#waiting.delete(m.id);
      if (m.error === undefined) waiter?.resolve();
      else waiter?.reject(new Error(m.error));
    });
    this.#worker.on('error', (error) => this.#failAll(error));
    this.#worker.on('exit', () => this.#failAll(new Error('SQLite writer thread exited')));
  }

  run(statements: readonly BatchStatement[]): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('SQLite writer thread is closed'));
    const id = this.#next++;
    return new Promise<void>((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      this.#worker.postMessage({ id, statements });
    });
  }

  #failAll(error: Error): void {
    for (const waiter of this.#waiting.values()) waiter.reject(error);
    this.#waiting.clear();
  }

  /** Lets queued batches finish, then closes the connection and ends the thread. */
  close(): Promise<void> {
    this.#closed ??= new Promise<void>((resolve) => {
      this.#worker.once('exit', () => resolve());
      this.#worker.postMessage('close');
    });
    return this.#closed;
  }
}
