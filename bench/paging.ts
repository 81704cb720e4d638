/**
 * bench/paging (`npm run bench:paging`): alert → incident → page, through the durable
 * notification outbox, against the issue's figures. Opsdeck runs as a child process on
 * 127.0.0.1 (`bin/opsdeck up`, a fresh SQLite file in a temp dir per phase; then PostgreSQL);
 * webhook channels post to a receiver in this process (bench/paging-receiver.ts).
 *   1. alert ingested → first notification at the webhook receiver, one alert at a time with
 *      nothing else queued: p50/p95/p99/max (target p99 ≤ 50 ms), and POST → 200;
 *   2. 1,000 simultaneous incidents each paging 5 webhook channels (concurrency 32, no rate
 *      limit): all 5,000 delivered (distinct idempotency keys), time to the last, notifications/s,
 *      per-notification latency p50/p99, incidents opened;
 *   3. the same burst on fresh storage, SIGKILL at half the notifications, restart on the same
 *      storage and port: every notification delivered at least once (5 × incidents after the
 *      restart), duplicates, time to recover (bounded by the outbox lease: 50 s by default).
 * After each phase the server is stopped and its storage read back (outbox statuses, failed
 * attempts), and its log scanned for warnings and errors.
 *
 * Options: BENCH_QUICK=1 (50 samples, 200 incidents, SQLite only), BENCH_PAGING_SAMPLES (200),
 * BENCH_PAGING_WARMUP (20), BENCH_PAGING_INCIDENTS (1000), BENCH_PAGING_BATCH (50 alerts a POST),
 * BENCH_PAGING_POSTS (8 POSTs in flight), BENCH_PAGING_CONCURRENCY (32 per channel),
 * BENCH_PAGING_DIALECTS (sqlite,postgres; quick: sqlite), BENCH_PAGING_PROFILE=DIR (Opsdeck under
 * --cpu-prof; summarise with `node --import tsx bench/alerts/profile.ts DIR/*.cpuprofile`). PostgreSQL: OPSDECK_BENCH_POSTGRES_URL
 * or OPSDECK_TEST_POSTGRES_URL (an admin URL), else a throwaway cluster from
 * scripts/pg-throwaway.sh (fsync off: its figures are not durable ones), else skipped.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fsyncLatency } from './alerts/phases.js';
import { printJson } from './checks/report.js';
import { positiveInt } from './lib.js';
import { runBurst, runCrash, runLatency, type Options } from './paging-phases.js';
import { burstLines, crashLines, latencyLines, printLines, type Line } from './paging-report.js';
import { dropPostgres, freshPostgres, type Dialect, type Storage } from './paging-server.js';

const log = (text: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${text}`);
const quick = process.env.BENCH_QUICK === '1';
const opts: Options = {
  quick,
  samples: positiveInt('BENCH_PAGING_SAMPLES', quick ? 50 : 200),
  warmup: positiveInt('BENCH_PAGING_WARMUP', quick ? 10 : 20),
  pauseMs: 20,
  incidents: positiveInt('BENCH_PAGING_INCIDENTS', quick ? 200 : 1_000),
  batch: positiveInt('BENCH_PAGING_BATCH', 50),
  posts: positiveInt('BENCH_PAGING_POSTS', 8),
  channelConcurrency: positiveInt('BENCH_PAGING_CONCURRENCY', 32),
  profileDir: process.env.BENCH_PAGING_PROFILE || undefined,
};
if (opts.profileDir) mkdirSync(opts.profileDir, { recursive: true });

function dialects(): Dialect[] {
  const raw = process.env.BENCH_PAGING_DIALECTS || (quick ? 'sqlite' : 'sqlite,postgres');
  const list = raw.split(',').map((d) => d.trim());
  for (const d of list)
    if (d !== 'sqlite' && d !== 'postgres')
      throw new Error(`BENCH_PAGING_DIALECTS: unknown '${d}' (sqlite, postgres)`);
  return list as Dialect[];
}

const SCRIPT = fileURLToPath(new URL('../scripts/pg-throwaway.sh', import.meta.url));

/** An admin URL: the environment's, or a throwaway cluster stopped when the benchmark exits. */
function postgresAdmin(): { url: string; note: string } | { skip: string } {
  const given = process.env.OPSDECK_BENCH_POSTGRES_URL || process.env.OPSDECK_TEST_POSTGRES_URL;
  if (given) return { url: given, note: 'server from the environment' };
  try {
    execFileSync(SCRIPT, ['check'], { stdio: 'ignore', timeout: 10_000 });
  } catch {
    return { skip: 'no PostgreSQL binaries (scripts/pg-throwaway.sh check failed)' };
  }
  const dir = join(tmpdir(), `opsdeck-bench-paging-pg-${process.pid}-${Date.now().toString(36)}`);
  process.on('exit', () => {
    try {
      execFileSync(SCRIPT, ['stop', dir], { stdio: 'ignore', timeout: 60_000 });
    } catch {
      // best effort: the cluster is in a temp dir
    }
  });
  const out = execFileSync(SCRIPT, ['start', dir], { encoding: 'utf8', timeout: 90_000 });
  const url = out.trim().split('\n').pop()!;
  return { url, note: 'throwaway cluster, fsync off (not durable)' };
}

const runId = Date.now().toString(36);
const load0 = loadavg();
const fsync0 = fsyncLatency();
log(
  `${cpus().length} cores, load average ${load0.map((l) => l.toFixed(2)).join(' ')}; ` +
    `disk fsync p50 ${fsync0.p50Ms.toFixed(2)} ms, p99 ${fsync0.p99Ms.toFixed(2)} ms` +
    (quick ? '; BENCH_QUICK' : ''),
);

const lines: Line[] = [];
const results: Record<string, unknown> = {};
const notes: string[] = [];
let failed = false;
const t0 = performance.now();
for (const dialect of dialects()) {
  let storageOf: (label: string) => Promise<Storage>;
  let cleanup: (s: Storage) => Promise<void> = async () => {};
  let label: string = dialect;
  if (dialect === 'sqlite') {
    // withPhase puts the file in the phase's temp dir.
    storageOf = async () => ({ dialect, url: 'sqlite:' });
    label = 'sqlite';
  } else {
    const admin = postgresAdmin();
    if ('skip' in admin) {
      notes.push(`PostgreSQL skipped: ${admin.skip}`);
      log(`PostgreSQL skipped: ${admin.skip}`);
      continue;
    }
    notes.push(`PostgreSQL: ${admin.note}`);
    log(`PostgreSQL: ${admin.note}`);
    storageOf = async (phase) => ({ dialect, url: await freshPostgres(admin.url, phase) });
    cleanup = (s) => dropPostgres(admin.url, s.url).catch(() => {});
    label = 'postgres';
  }
  const figures: Record<string, unknown> = {};
  results[label] = figures;

  /** One phase on fresh storage; a failure is a table row and the next phase still runs. */
  const phase = async <T>(
    name: string,
    run: (s: Storage) => Promise<T>,
  ): Promise<T | undefined> => {
    let storage: Storage | undefined;
    try {
      storage = await storageOf(name);
      return await run(storage);
    } catch (error) {
      failed = true;
      const message = (error as Error).message;
      console.error(`[${label}] ${name} failed: ${message}`);
      lines.push({
        storage: label,
        figure: `${name}: phase failed`,
        measured: message.split('\n')[0]!.slice(0, 160),
        target: 'runs',
        result: 'ERROR',
      });
      figures[name] = { error: message };
      return undefined;
    } finally {
      if (storage) await cleanup(storage);
    }
  };

  log(`[${label}] 1. latency: ${opts.samples} alerts one by one (${opts.warmup} untimed first)`);
  const latency = await phase('latency', (s) => runLatency(s, opts, runId, log));
  if (latency) {
    log(
      `  p50 ${latency.page.p50.toFixed(1)} ms, p99 ${latency.page.p99.toFixed(1)} ms, ` +
        `max ${latency.page.max.toFixed(1)} ms, ${latency.missing} missing`,
    );
    lines.push(...latencyLines(label, latency));
    figures.latency = latency;
  }

  log(
    `[${label}] 2. burst: ${opts.incidents} incidents × 5 channels, ` +
      `${opts.batch} alerts a POST, ${opts.posts} POSTs in flight`,
  );
  const burst = await phase('burst', (s) => runBurst(s, opts, runId, log));
  if (burst) {
    log(
      `  ${burst.cover.unique} of ${burst.expected} delivered in ${(burst.toLastMs / 1000).toFixed(2)} s, ` +
        `${Math.round(burst.perSecond)}/s, p99 ${burst.cover.latency.p99.toFixed(0)} ms`,
    );
    lines.push(...burstLines(label, burst));
    figures.burst = burst;
  }

  log(`[${label}] 3. crash: the burst again, SIGKILL at half, restart`);
  const crash = await phase('crash', (s) => runCrash(s, opts, runId, log));
  if (crash) {
    log(
      `  delivered at least once: ${crash.allDelivered ? 'yes' : 'NO'}, ${crash.cover.duplicates} duplicates, ` +
        `last delivery ${(crash.lastAfterRestartMs / 1000).toFixed(1)} s after the restart`,
    );
    lines.push(...crashLines(label, crash));
    figures.crash = crash;
  }
}

const load1 = loadavg();
const fsync1 = fsyncLatency();
log(
  `done in ${((performance.now() - t0) / 1000).toFixed(0)} s; load average ${load1
    .map((l) => l.toFixed(2))
    .join(' ')}; disk fsync p50 ${fsync1.p50Ms.toFixed(2)} ms, p99 ${fsync1.p99Ms.toFixed(2)} ms`,
);
for (const note of notes) log(note);
printLines(
  `bench/paging: ${opts.samples} single pages; ${opts.incidents} incidents × 5 webhook channels ` +
    `(concurrency ${opts.channelConcurrency}), then the same with kill -9 at half; ` +
    `load avg ${load0[0]!.toFixed(1)} → ${load1[0]!.toFixed(1)} on ${cpus().length} cores`,
  lines,
);
printJson({
  bench: 'paging',
  opts,
  cores: cpus().length,
  loadavg: { start: load0, end: load1 },
  fsync: { start: fsync0, end: fsync1 },
  notes,
  results,
});
if (failed) process.exitCode = 1;
