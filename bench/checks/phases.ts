/** The measured phases: the floor loop, a steady window, API load, and a restart. */
import autocannon from 'autocannon';
import {
  forkScript,
  sleep,
  startOpsdeck,
  stopChild,
  TOKEN,
  waitMessage,
  type Opsdeck,
} from './children.js';
import type { Options } from './config.js';
import { fileBytes, usedBytes } from './db.js';
import type { FloorArgs, FloorCount } from './floor.js';
import { scrape, type CheckMetrics } from './metrics.js';
import { markCpu, RssSampler, type CpuMark } from './sampler.js';

export interface FloorResult {
  requests: number;
  errors: number;
  cpuS: number;
  wallS: number;
  msPerRequest: number;
  cores: number;
  reqPerS: number;
  rssMax: number;
}

/** Runs the bare undici loop in its own process: one interval of warm-up, then the window. */
export async function measureFloor(opts: Options, ports: number[]): Promise<FloorResult> {
  const windowMs = opts.windowS * 1000;
  const args: FloorArgs = {
    ports,
    checks: opts.checks,
    intervalMs: opts.intervalMs,
    timeoutMs: opts.timeoutMs,
    maxMs: opts.intervalMs + windowMs + 60_000,
  };
  const child = forkScript('./floor.ts', [JSON.stringify(args)]);
  await waitMessage(child, 'ready');
  const rss = new RssSampler(child.pid!).start();
  const count = () => {
    child.send('count');
    return waitMessage<FloorCount>(child, 'count', 10_000);
  };
  await sleep(opts.intervalMs);
  const [m0, c0] = [markCpu(child.pid!), await count()];
  await sleep(windowMs);
  const [m1, c1] = [markCpu(child.pid!), await count()];
  const rssMax = rss.stop();
  await stopChild(child);
  const requests = c1.done - c0.done;
  const cpuS = m1.cpu - m0.cpu;
  const wallS = m1.wall - m0.wall;
  return {
    requests,
    errors: c1.errors - c0.errors,
    cpuS,
    wallS,
    msPerRequest: (cpuS * 1000) / requests,
    cores: cpuS / wallS,
    reqPerS: requests / wallS,
    rssMax,
  };
}

export interface Snapshot {
  metrics: CheckMetrics;
  /** Wall time of the /metrics request (it renders per-check series). */
  scrapeMs: number;
  cpu: CpuMark;
  fileBytes: number;
  usedBytes: number;
}

export async function snapshot(ops: Opsdeck, dbPath: string): Promise<Snapshot> {
  const cpu = markCpu(ops.pid);
  const t0 = performance.now();
  const metrics = await scrape(ops.url);
  const scrapeMs = performance.now() - t0;
  return { metrics, scrapeMs, cpu, fileBytes: fileBytes(dbPath), usedBytes: usedBytes(dbPath) };
}

/** Waits `ms` in 1 s steps, failing as soon as Opsdeck exits. */
export async function watch(ops: Opsdeck, ms: number): Promise<void> {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    ops.assertAlive();
    await sleep(Math.min(1000, end - performance.now()));
  }
  ops.assertAlive();
}

export interface ApiLoad {
  rps: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/** autocannon on GET /api/v1/checks?limit=100 with the admin token for the whole window. */
export async function apiLoad(ops: Opsdeck, opts: Options): Promise<ApiLoad> {
  const r = await autocannon({
    url: `${ops.url}/api/v1/checks?limit=100`,
    connections: opts.connections,
    duration: opts.windowS,
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  ops.assertAlive();
  return { rps: r.requests.average, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx };
}

export interface Restart {
  ops: Opsdeck;
  rss: RssSampler;
  stopMs: number;
  /**
   * Seconds from ready until opsdeck_check_runs_total reached the number of checks,
   * interpolated between the two polls around the crossing; NaN if not within 3 intervals.
   */
  allRanS: number;
  /** The poll that first saw it (an upper bound on allRanS). */
  seenAtS: number;
  runsSeen: number;
}

/**
 * How often the restart phase scrapes: every 2 s, or less often when a scrape is slow
 * (/metrics renders per-check series), so polling takes at most a sixth of Opsdeck's time.
 */
const POLL_MS = 2_000;

/** SIGTERM, start again on the same database, then time until every check has run again. */
export async function restart(
  ops: Opsdeck,
  config: string,
  dbPath: string,
  opts: Options,
): Promise<Restart> {
  const stopMs = await stopChild(ops.child);
  const next = await startOpsdeck(config, dbPath);
  const rss = new RssSampler(next.pid).start();
  const result = { ops: next, rss, stopMs, allRanS: NaN, seenAtS: NaN, runsSeen: 0 };
  let prev = { s: 0, runs: 0 };
  for (const deadline = next.readyAt + 3 * opts.intervalMs; performance.now() < deadline;) {
    next.assertAlive();
    const t0 = performance.now();
    const m = await scrape(next.url);
    const scrapeMs = performance.now() - t0;
    const s = (performance.now() - next.readyAt) / 1000;
    result.runsSeen = m.runs;
    if (!m.present && s > opts.intervalMs / 1000) break; // no checks engine in this build
    if (m.runs >= opts.checks) {
      const f = (opts.checks - prev.runs) / (m.runs - prev.runs);
      return { ...result, allRanS: prev.s + f * (s - prev.s), seenAtS: s };
    }
    prev = { s, runs: m.runs };
    await sleep(Math.max(POLL_MS, 5 * scrapeMs));
  }
  return result;
}
