/**
 * bench/web (`npm run bench:web`): the web figures of issue 7.
 *   1. The public status page at 200 concurrent clients: ≥ 10,000 req/s, p99 < 50 ms, while
 *      checks stay ≥ 99% on time: `benchStatusPage` from bench/web-status.ts (the status
 *      page's own benchmark; its options BENCH_STATUS_* are documented there).
 *   2. The console with 20,000 checks: sign-in to a rendered overview in < 1 s in Chromium,
 *      never loading every check in one payload: `benchConsole` from bench/web-console.ts.
 * Prints one table of figures (measured against target) and one JSON line.
 *
 * Needs the build (`npm run bench:web` builds first) and Chromium (CHROMIUM_PATH, default
 * /usr/bin/chromium; Debian: apt-get install chromium). BENCH_WEB_ONLY=console|status runs
 * one half. Console options: BENCH_WEB_SERVICES (500), BENCH_WEB_CHECKS_PER_SERVICE (40),
 * BENCH_WEB_RUNS (7).
 */
import { cpus, loadavg } from 'node:os';
import {
  bytes,
  fixed,
  int,
  printFigures,
  printJson,
  verdict,
  type Figure,
} from './checks/report.js';
import { benchConsole, type ConsoleFigures } from './web-console.js';
import { benchStatusPage, type StatusBenchResult } from './web-status.js';

const log = (text: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${text}`);
const only = process.env.BENCH_WEB_ONLY;
if (only && only !== 'console' && only !== 'status')
  throw new Error(`BENCH_WEB_ONLY must be console or status, not '${only}'`);

log(
  `${cpus().length} cores, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);

const figures: Figure[] = [];
const json: Record<string, unknown> = {};
let failed = false;

/** The status page half: `benchStatusPage` from bench/web-status.ts (the status page's own). */
async function statusPage(): Promise<void> {
  const r: StatusBenchResult = await benchStatusPage();
  const pctOf = (x: number) => `${(x * 100).toFixed(2)}%`;
  const rows: Figure[] = [
    {
      figure: `status page: requests/s at ${r.connections} clients (${r.durationS} s)`,
      measured: int(r.requestsPerS),
      target: '≥ 10,000',
      result: verdict(r.requestsPerS, (v) => v >= 10_000),
    },
    {
      figure: 'status page: latency p50 / p99',
      measured: `${fixed(r.p50Ms, 0, ' ms')} / ${fixed(r.p99Ms, 0, ' ms')}`,
      target: 'p99 < 50 ms',
      result: verdict(r.p99Ms, (v) => v < 50),
    },
    {
      figure: 'status page: errors + non-2xx',
      measured: int(r.errors + r.non2xx),
      target: '0',
      result: verdict(r.errors + r.non2xx, (v) => v === 0),
    },
    {
      figure: `status page: ${int(r.checks)} checks on time (≤ 1 s) during the load`,
      measured: `${pctOf(r.checksOnTime)} of ${int(r.runsDuringLoad)} runs`,
      target: '≥ 99%',
      result: verdict(r.checksOnTime, (v) => v >= 0.99),
    },
    {
      figure: 'status page: size (identity / brotli)',
      measured: `${bytes(r.pageBytes)} / ${bytes(r.brBytes)}`,
      target: 'reported',
      result: '—',
    },
  ];
  figures.push(...rows);
  if (rows.some((f) => f.result === 'NOT MET')) failed = true;
  json.statusPage = r;
}

async function consolePart(): Promise<void> {
  const c: ConsoleFigures = await benchConsole();
  figures.push(...c.figures);
  if (c.figures.some((f) => /NOT MET/.test(f.result))) failed = true;
  json.console = {
    services: c.services,
    checks: c.checks,
    rollupRows: c.rollupRows,
    readyMs: Math.round(c.readyMs),
    warmupMs: Math.round(c.warmup.ms),
    runsMs: c.runs.map((r) => Math.round(r.ms)),
    minMs: Math.round(c.min),
    medianMs: Math.round(c.median),
    maxMs: Math.round(c.max),
    largestPayload: c.largest,
    checkListRequested: c.checkListRequested,
    servicesWithUptime: c.servicesWithUptime,
    requests: c.runs[0]?.urls,
  };
}

if (only !== 'console') await statusPage();
if (only !== 'status') await consolePart();

printFigures('bench/web: status page and console', figures);
printJson({ bench: 'web', ...json });
if (failed) process.exitCode = 1;
