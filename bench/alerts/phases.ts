/**
 * The measured phases, each on a fresh server of one kind:
 *   ingest  — `size` distinct alerts in batches, route without target; alerts/s, CPU, RSS;
 *             for the `active` size also RSS at rest and GET /api/v2/alerts latency;
 *   notify  — new-group alerts one by one, group_wait 0s, webhook to the receiver; latency
 *             from just before the POST to the notification's arrival.
 * CPU and RSS are the kernel's figures for the server's pid (/proc), never self-reported.
 */
import {
  closeSync,
  fsyncSync,
  mkdtempSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';
import { percentile, sleep } from '../lib.js';
import { cpuSeconds, rssBytes } from '../checks/sampler.js';
import type { Hook } from './hook.js';
import { ingest, ingestBodies, postAlerts, postableAlert, timeGets } from './load.js';
import type { Options } from './options.js';
import { start, type Kind, type Server } from './servers.js';

export interface IngestFigures {
  kind: Kind;
  alerts: number;
  requests: number;
  retries: number;
  wallMs: number;
  alertsPerS: number;
  /** Server CPU from the first request to the last answer, per 1,000 alerts. */
  cpuMsPer1k: number;
  /** Server CPU seconds per wall second from the first request to the last answer. */
  cores: number;
  /** The same, up to when the server went idle after the last answer (async work included). */
  cpuMsPer1kSettled: number;
  settleMs: number;
  requestP50Ms: number;
  requestP99Ms: number;
  rssAfterBytes: number;
  /** Alerts GET /api/v2/alerts returned after the run (must be ≥ alerts). */
  stored: number;
  load1: number;
  /** Opsdeck only, from its /metrics after the run: group commit at work. */
  commits?: { count: number; meanBatch: number; meanMs: number; totalMs: number };
  /** For the `active` size: the server at rest with that many alerts, and its GETs. */
  active?: {
    alerts: number;
    rssBytes: number;
    rssAfterGetsBytes: number;
    getP50Ms: number;
    getP99Ms: number;
    getBytes: number;
  };
}

/** Waits (bounded) until the process uses < 4% of a core over two 250 ms samples. */
async function settle(pid: number, maxMs = 15_000): Promise<number> {
  const t0 = performance.now();
  let quiet = 0;
  let last = cpuSeconds(pid);
  while (performance.now() - t0 < maxMs && quiet < 2) {
    await sleep(250);
    const now = cpuSeconds(pid);
    quiet = now - last < 0.01 ? quiet + 1 : 0;
    last = now;
  }
  return performance.now() - t0;
}

/** The measured window of a phase, on the monotonic clock V8's profiler stamps samples with. */
interface Window {
  startUs: number;
  endUs: number;
}

const nowUs = () => Number(process.hrtime.bigint() / 1000n);

/**
 * With a profile dir, names the server's --cpu-prof file `<label>.cpuprofile` and writes the
 * measured window next to it (`<label>.window.json`), for bench/alerts/profile.ts.
 */
function keepProfile(dir: string, pid: number, label: string, window: Window): void {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile') && f.includes(`.${pid}.`));
  if (!file) return;
  renameSync(join(dir, file), join(dir, `${label}.cpuprofile`));
  writeFileSync(join(dir, `${label}.window.json`), JSON.stringify(window));
}

async function withServer<T>(
  kind: Kind,
  label: string,
  hook: string | undefined,
  opts: Options,
  body: (s: Server, window: Window) => Promise<T>,
): Promise<T> {
  const server = await start(kind, { hook }, kind === 'opsdeck' ? opts.profileDir : undefined);
  const window = { startUs: 0, endUs: 0 };
  try {
    const result = await body(server, window);
    server.assertAlive();
    return result;
  } catch (error) {
    throw new Error(
      `${kind}: ${(error as Error).message}\n--- ${kind} log tail ---\n${server.tail()}`,
    );
  } finally {
    await server.stop();
    if (opts.profileDir && kind === 'opsdeck')
      keepProfile(opts.profileDir, server.pid, `${kind}-${label}`, window);
  }
}

export function runIngest(
  kind: Kind,
  size: number,
  bodies: string[],
  opts: Options,
): Promise<IngestFigures> {
  return withServer(kind, `ingest-${size}`, undefined, opts, async (s, window) => {
    const load1 = loadavg()[0]!;
    await sleep(500); // let start-up work finish before the CPU mark
    window.startUs = nowUs();
    const cpu0 = cpuSeconds(s.pid);
    const run = await ingest(s.url, s.postHeaders, bodies, opts.concurrency);
    const cpu1 = cpuSeconds(s.pid);
    const rssAfterBytes = rssBytes(s.pid);
    const settleMs = await settle(s.pid);
    const cpu2 = cpuSeconds(s.pid);
    window.endUs = nowUs();
    const figures: IngestFigures = {
      kind,
      alerts: size,
      requests: run.requests,
      retries: run.retries,
      wallMs: run.wallMs,
      alertsPerS: size / (run.wallMs / 1000),
      cpuMsPer1k: ((cpu1 - cpu0) * 1000 * 1000) / size,
      cores: (cpu1 - cpu0) / (run.wallMs / 1000),
      cpuMsPer1kSettled: ((cpu2 - cpu0) * 1000 * 1000) / size,
      settleMs,
      requestP50Ms: percentile(run.latencies, 50),
      requestP99Ms: percentile(run.latencies, 99),
      rssAfterBytes,
      stored: 0,
      load1,
    };
    if (kind === 'opsdeck') figures.commits = await commitStats(s.url);
    if (size === opts.active) {
      const rssAtRest = rssBytes(s.pid);
      const gets = await timeGets(s.url, s.getHeaders, opts.gets);
      figures.stored = gets.alerts;
      figures.active = {
        alerts: gets.alerts,
        rssBytes: rssAtRest,
        rssAfterGetsBytes: rssBytes(s.pid),
        getP50Ms: percentile(gets.latencies, 50),
        getP99Ms: percentile(gets.latencies, 99),
        getBytes: gets.bytes,
      };
    } else {
      figures.stored = (await timeGets(s.url, s.getHeaders, 1, 0)).alerts;
    }
    if (figures.stored < size)
      throw new Error(`only ${figures.stored} of ${size} distinct alerts are active after ingest`);
    return figures;
  });
}

/** Opsdeck's commit histograms (scraped after the CPU marks: a scrape costs CPU). */
async function commitStats(url: string): Promise<IngestFigures['commits']> {
  const text = await (
    await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(30_000) })
  ).text();
  const value = (name: string) =>
    Number(new RegExp(`^${name}(?:\\{\\})? (\\S+)$`, 'm').exec(text)?.[1]);
  const count = value('opsdeck_alert_commit_batch_size_count');
  const seconds = value('opsdeck_alert_commit_seconds_sum');
  return {
    count,
    meanBatch: value('opsdeck_alert_commit_batch_size_sum') / count,
    meanMs: (seconds * 1000) / count,
    totalMs: seconds * 1000,
  };
}

export interface NotifyFigures {
  kind: Kind;
  sent: number;
  /** Alerts whose first notification did not arrive within the timeout. */
  missing: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
  /** ms per alert, in sending order. */
  latencies: number[];
  /** POST → its 200 answer (Opsdeck answers after the commit), p50 and p99. */
  answerP50Ms: number;
  answerP99Ms: number;
  /** Notifications that arrived after the POST's answer. */
  afterAnswer: number;
  /** Server CPU per timed alert (its POST, commit, routing and webhook), in ms. */
  cpuMsPerAlert: number;
  load1: number;
  /** Opsdeck only: its commits during the phase (a commit precedes each answer). */
  commits?: IngestFigures['commits'];
}

const NOTIFY_TIMEOUT_MS = 10_000;

/** New-group alerts one by one: POST, wait for its webhook (bounded), pause, next. */
export function runNotify(kind: Kind, hook: Hook, runId: string, opts: Options) {
  return withServer(kind, 'notify', hook.url, opts, async (s, window): Promise<NotifyFigures> => {
    const load1 = loadavg()[0]!;
    window.startUs = nowUs();
    const pool = new Pool(s.url, { connections: 1, keepAliveTimeout: 60_000 });
    const latencies: number[] = [];
    let missing = 0;
    let afterAnswer = 0;
    const answers: number[] = [];
    let cpuMs = 0;
    try {
      for (let i = 0; i < opts.notifyWarmup + opts.notify; i++) {
        const alertname = `BenchNotify_${kind}_${runId}_${i}`;
        const alert = postableAlert(alertname, i, Date.now());
        const cpu0 = cpuSeconds(s.pid);
        const t0 = performance.now();
        await postAlerts(pool, s.postHeaders, [alert]);
        const answered = performance.now();
        const at = await hook.waitFor(alertname, NOTIFY_TIMEOUT_MS);
        if (i >= opts.notifyWarmup) {
          // The webhook is answered at once; a few ms later the server is done with the alert.
          await sleep(opts.notifyPauseMs);
          cpuMs += (cpuSeconds(s.pid) - cpu0) * 1000;
          // A notification that never came counts as infinitely late, not as absent.
          if (at === undefined) missing++;
          latencies.push(at === undefined ? Infinity : at - t0);
          answers.push(answered - t0);
          if (at !== undefined && at > answered) afterAnswer++;
        } else await sleep(opts.notifyPauseMs);
      }
    } finally {
      window.endUs = nowUs();
      await pool.close();
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    const commits = kind === 'opsdeck' ? await commitStats(s.url) : undefined;
    return {
      commits,
      kind,
      sent: opts.notify,
      missing,
      p50Ms: percentile(sorted, 50),
      p99Ms: percentile(sorted, 99),
      maxMs: sorted[sorted.length - 1] ?? NaN,
      meanMs: sorted.reduce((a, b) => a + b, 0) / sorted.length,
      latencies: latencies.map((v) => Math.round(v * 100) / 100),
      answerP50Ms: percentile(
        answers.sort((a, b) => a - b),
        50,
      ),
      answerP99Ms: percentile(answers, 99),
      afterAnswer,
      cpuMsPerAlert: cpuMs / opts.notify,
      load1,
    };
  });
}

export { ingestBodies };

/**
 * The disk's fsync latency in the temp dir where Opsdeck keeps its database (4 KiB append and
 * fsync, 50 times): a durable commit cannot be faster, and other work on a shared machine
 * moves it a lot. Reported beside the figures, never subtracted from them.
 */
export function fsyncLatency(count = 50): { p50Ms: number; p99Ms: number } {
  const dir = mkdtempSync(join(tmpdir(), 'opsdeck-bench-fsync-'));
  const times: number[] = [];
  try {
    const fd = openSync(join(dir, 'f'), 'a');
    const block = Buffer.alloc(4096, 1);
    try {
      for (let i = 0; i < count; i++) {
        const t0 = performance.now();
        writeSync(fd, block);
        fsyncSync(fd);
        times.push(performance.now() - t0);
      }
    } finally {
      closeSync(fd);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  times.sort((a, b) => a - b);
  return { p50Ms: percentile(times, 50), p99Ms: percentile(times, 99) };
}
