/** Small helpers shared by the benchmarks: tables, free ports, options, child processes. */
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';

export interface Row {
  [column: string]: string | number;
}

/** Prints rows as an aligned table, then as one JSON line for machines. */
export function printTable(title: string, rows: Row[]): void {
  const headers = Object.keys(rows[0] ?? {});
  const cells = rows.map((r) => headers.map((h) => String(r[h])));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (cs: string[]) => '| ' + cs.map((c, i) => c.padEnd(widths[i]!)).join(' | ') + ' |';
  console.log(`\n${title}\n`);
  console.log(line(headers));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const c of cells) console.log(line(c));
  console.log('\nJSON ' + JSON.stringify({ bench: title, rows }));
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const ms = (n: number) => `${n.toFixed(1)} ms`;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A positive integer from the environment variable `name`, else `fallback`. */
export function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer`);
  return n;
}

/*
 * Every child process and temp dir of a benchmark is tracked and removed when the benchmark
 * exits, however it exits (error, SIGINT, SIGTERM).
 */
const children = new Set<ChildProcess>();
const dirs = new Set<string>();

process.on('exit', () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    console.error(`\n${signal}: stopping the benchmark`);
    process.exit(130);
  });

/** Kills `child` when the benchmark exits, if it is still running. */
export function trackChild(child: ChildProcess): ChildProcess {
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

/** Removes `dir` when the benchmark exits. */
export function removeOnExit(dir: string): void {
  dirs.add(dir);
}

/** Removes `dir` now. */
export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  dirs.delete(dir);
}

/** Sends SIGTERM, then SIGKILL after `timeoutMs`; resolves with how long the exit took. */
export async function stopChild(child: ChildProcess, timeoutMs = 20_000): Promise<number> {
  const started = performance.now();
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
  }
  return performance.now() - started;
}
