/**
 * Child processes of the benchmark: the target servers, the floor loop and Opsdeck itself.
 * Every child is tracked and killed when the benchmark exits, however it exits (error,
 * SIGINT, SIGTERM); the temp dir goes with them.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort, sleep, trackChild as track } from '../lib.js';

const BIN = fileURLToPath(new URL('../../bin/opsdeck', import.meta.url));
export const TOKEN = 'bench-admin-token-0123456789abcdefghijklmnopqrstuvwxyz';

export { removeOnExit, stopChild } from '../lib.js';

/** Forks a TypeScript file of this folder with an IPC channel. */
export function forkScript(file: string, args: string[]): ChildProcess {
  const path = fileURLToPath(new URL(file, import.meta.url));
  return track(fork(path, args, { execArgv: ['--import', 'tsx'], stdio: 'inherit' }));
}

/** Waits for the first IPC message holding `key` (bounded). */
export function waitMessage<T>(child: ChildProcess, key: string, timeoutMs = 30_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => done(new Error(`no '${key}' message in ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onMessage = (m: unknown) => {
      if (m && typeof m === 'object' && key in m) done(undefined, (m as Record<string, T>)[key]);
    };
    const onExit = (code: number | null) =>
      done(new Error(`child exited (${code}) before '${key}'`));
    function done(error?: Error, value?: T): void {
      clearTimeout(timer);
      child.off('message', onMessage).off('exit', onExit);
      if (error) reject(error);
      else resolve(value as T);
    }
    child.on('message', onMessage).on('exit', onExit);
  });
}

export interface Opsdeck {
  url: string;
  child: ChildProcess;
  pid: number;
  /** ms from spawn to the first /readyz 200. */
  startMs: number;
  /** performance.now() and Date.now() when /readyz first said 200. */
  readyAt: number;
  readyEpochMs: number;
  /** The last lines Opsdeck printed, for error messages. */
  tail(): string;
  /** Throws with the log tail if Opsdeck has exited. */
  assertAlive(): void;
}

/** Starts the built CLI (`opsdeck up`) and waits for /readyz (bounded by `timeoutMs`). */
export async function startOpsdeck(
  config: string,
  dbPath: string,
  timeoutMs = 120_000,
): Promise<Opsdeck> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('OPSDECK_')),
  );
  const t0 = performance.now();
  const child = track(
    spawn(
      process.execPath,
      [
        BIN,
        'up',
        '--config',
        config,
        '--storage',
        `sqlite:${dbPath}`,
        '--listen',
        `127.0.0.1:${port}`,
      ],
      {
        env: { ...env, NO_COLOR: '1', OPSDECK_ADMIN_TOKEN: TOKEN, OPSDECK_LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    ),
  );
  let log: string[] = [];
  const keep = (d: Buffer) => {
    log.push(...d.toString().split('\n').filter(Boolean));
    if (log.length > 200) log = log.slice(-50);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const tail = () => log.slice(-30).join('\n');
  const assertAlive = () => {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`opsdeck exited (${child.exitCode ?? child.signalCode}):\n${tail()}`);
  };
  for (const deadline = t0 + timeoutMs; ;) {
    assertAlive();
    try {
      if ((await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(5_000) })).status === 200)
        break;
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline)
      throw new Error(`opsdeck not ready in ${timeoutMs} ms:\n${tail()}`);
    await sleep(20);
  }
  const [readyAt, readyEpochMs] = [performance.now(), Date.now()];
  const startMs = readyAt - t0;
  return { url, child, pid: child.pid!, startMs, readyAt, readyEpochMs, tail, assertAlive };
}

export { sleep };
