/** The benchmark's options (from the environment) and the Opsdeck config it generates. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tryParseDuration } from '../../src/config/duration.js';
import { positiveInt } from '../lib.js';

export interface Options {
  checks: number;
  interval: string;
  intervalMs: number;
  timeoutMs: number;
  windowS: number;
  /** Target ports (servers in the target child). */
  targets: number;
  /** autocannon connections during the API-load window. */
  connections: number;
  quick: boolean;
}

/**
 * BENCH_CHECKS (20000), BENCH_INTERVAL (30s), BENCH_WINDOW_S (90), BENCH_TARGETS (20),
 * BENCH_CONNECTIONS (50); BENCH_QUICK=1 changes the defaults to 2000 checks, 10s, 30 s.
 */
export function readOptions(): Options {
  const quick = process.env.BENCH_QUICK === '1';
  const interval = process.env.BENCH_INTERVAL || (quick ? '10s' : '30s');
  const intervalMs = tryParseDuration(interval);
  if (intervalMs === undefined || intervalMs < 1000)
    throw new Error(`BENCH_INTERVAL must be a duration of at least 1s, got ${interval}`);
  return {
    checks: positiveInt('BENCH_CHECKS', quick ? 2000 : 20_000),
    interval,
    intervalMs,
    timeoutMs: Math.min(10_000, intervalMs),
    windowS: positiveInt('BENCH_WINDOW_S', quick ? 30 : 90),
    targets: positiveInt('BENCH_TARGETS', 20),
    connections: positiveInt('BENCH_CONNECTIONS', 50),
    quick,
  };
}

/** Checks per generated service (a service with a handful of endpoints to watch). */
const CHECKS_PER_SERVICE = 10;

/** URL of check number `i`: the same one the floor requests for its `i`. */
export function checkUrl(ports: number[], i: number): string {
  return `http://127.0.0.1:${ports[i % ports.length]}/health`;
}

/** Checks per config file: a big config is a folder, e.g. a file per team or area. */
const CHECKS_PER_FILE = 100;

/**
 * Writes the config as a folder `ops/` of YAML files, ten services of ten HTTP checks per
 * file, check i on target `i % ports`:
 * `services.svc-00000.checks.c0: { http: { url: … }, every: 30s, timeout: 10s }`.
 * A folder is how large configs are kept (and merged by Opsdeck); it also keeps the YAML
 * parser's transient memory per file small (one 2.4 MB file of flow mappings peaks at about
 * 250 MB of parser heap; see the issue-3 closing note).
 */
export function writeConfig(dir: string, opts: Options, ports: number[]): string {
  const timeout = opts.timeoutMs % 1000 === 0 ? `${opts.timeoutMs / 1000}s` : `${opts.timeoutMs}ms`;
  const folder = join(dir, 'ops');
  mkdirSync(folder, { recursive: true });
  let lines: string[] = [];
  const flush = (i: number) => {
    if (lines.length === 0) return;
    const name = `checks-${String(Math.floor((i - 1) / CHECKS_PER_FILE)).padStart(4, '0')}.yaml`;
    writeFileSync(join(folder, name), ['services:', ...lines].join('\n') + '\n');
    lines = [];
  };
  for (let i = 0; i < opts.checks; i++) {
    if (i % CHECKS_PER_FILE === 0) flush(i);
    if (i % CHECKS_PER_SERVICE === 0) {
      lines.push(`  svc-${String(i / CHECKS_PER_SERVICE).padStart(5, '0')}:`, '    checks:');
    }
    lines.push(
      `      c${i % CHECKS_PER_SERVICE}: { http: { url: "${checkUrl(ports, i)}" }, every: ${opts.interval}, timeout: ${timeout} }`,
    );
  }
  flush(opts.checks);
  return folder;
}
