import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/opsdeck', import.meta.url));
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The environment a CLI child gets: ours minus OPSDECK_* (tests set what they need). */
function childEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('OPSDECK_')),
  );
  return { ...base, NO_COLOR: '1', ...env };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `opsdeck ARGS…` to completion (bounded by `timeoutMs`). With `input`, the child reads it
 * on stdin, which is then closed; without, stdin stays open (as a terminal would).
 */
export function runCli(
  args: string[],
  env: Record<string, string | undefined> = {},
  timeoutMs = 20_000,
  input?: string,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: childEnv(env) });
    if (input !== undefined) child.stdin.end(input);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`opsdeck ${args.join(' ')} timed out\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface RunningServer {
  url: string;
  child: ChildProcess;
  output(): { stdout: string; stderr: string };
  /** Waits until `predicate(stdout+stderr)` holds (bounded). */
  waitForOutput(predicate: (text: string) => boolean, timeoutMs?: number): Promise<void>;
  /** Sends `signal` and resolves with the exit code and how long the exit took. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; ms: number }>;
}

/** Starts `opsdeck up …` on a random loopback port and waits for its "listening" line. */
export async function startServer(
  args: string[],
  env: Record<string, string | undefined> = {},
): Promise<RunningServer> {
  const child = spawn(process.execPath, [BIN, 'up', '--listen', '127.0.0.1:0', ...args], {
    cwd: ROOT,
    env: childEnv(env),
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  const waitForOutput = async (predicate: (text: string) => boolean, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(stdout + stderr)) {
      if (child.exitCode !== null)
        throw new Error(`opsdeck exited (${child.exitCode})\n${stdout}\n${stderr}`);
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for output\n${stdout}\n${stderr}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  await waitForOutput((text) => /Opsdeck listening on (\S+)/.test(text));
  const url = /Opsdeck listening on (http:\/\/\S+?) /.exec(stdout)![1]!;
  return {
    url,
    child,
    output: () => ({ stdout, stderr }),
    waitForOutput,
    async stop(signal = 'SIGTERM') {
      const started = Date.now();
      if (child.exitCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(timer);
      return { code, ms: Date.now() - started };
    },
  };
}

/**
 * `fn` over `items`, at most `limit` at a time, results in order: independent CLI runs side by
 * side without starting dozens of processes at once on a small machine.
 */
export async function inPool<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
