/**
 * bench/checks (`npm run bench:checks`): 20,000 HTTP checks every 30 s on one machine against
 * local targets. Figures, each against its target:
 *   1. runs started ≤ 1 s after their due time (≥ 99%), Opsdeck CPU (< 0.5 core), RSS (< 400 MB);
 *   2. CPU per check against a floor, a bare undici loop doing the same requests (≤ 2×);
 *   3. on-time runs while autocannon loads GET /api/v1/checks (≥ 99%), with the API's figures;
 *   4. after SIGTERM and a start on the same database, time until every check ran (≤ 1 interval);
 *   5. database bytes per day, and a year of rollups projected from measured bytes per row.
 * The targets and the floor run in their own processes; CPU and RSS come from /proc/<pid>.
 * Options: BENCH_CHECKS, BENCH_INTERVAL, BENCH_WINDOW_S, BENCH_TARGETS, BENCH_CONNECTIONS,
 * BENCH_QUICK=1 (2,000 checks every 10 s, 30 s windows). See bench/checks/config.ts.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  forkScript,
  removeOnExit,
  startOpsdeck,
  stopChild,
  waitMessage,
} from './checks/children.js';
import { readOptions, writeConfig } from './checks/config.js';
import { firstRunsAfter, tableStats } from './checks/db.js';
import { between, figures, type Results } from './checks/figures.js';
import { apiLoad, measureFloor, restart, snapshot, watch } from './checks/phases.js';
import { printProjection, project, rollupTotal } from './checks/projection.js';
import { fixed, int, printFigures, printJson } from './checks/report.js';
import { RssSampler } from './checks/sampler.js';

const TABLES = [
  'check_results',
  'check_rollup_minute',
  'check_rollup_hour',
  'check_rollup_day',
  'check_events',
];
const opts = readOptions();
const dir = mkdtempSync(join(tmpdir(), 'opsdeck-bench-checks-'));
removeOnExit(dir);
const log = (text: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${text}`);
log(
  `${int(opts.checks)} HTTP checks every ${opts.interval} on ${opts.targets} targets; ` +
    `warm-up ${opts.intervalMs / 1000} s, windows ${opts.windowS} s`,
);

const target = forkScript('./target-server.ts', [String(opts.targets)]);
const ports = await waitMessage<number[]>(target, 'ports');

log('floor: bare undici loop in its own process');
const floor = await measureFloor(opts, ports);
log(`floor: ${fixed(floor.msPerRequest, 3)} ms CPU/request at ${fixed(floor.reqPerS, 0)} req/s`);

const config = writeConfig(dir, opts, ports);
const dbPath = join(dir, 'opsdeck.db');
const ops = await startOpsdeck(config, dbPath);
const rss = new RssSampler(ops.pid).start();
log(`opsdeck ready in ${int(ops.startMs)} ms; warm-up of one interval`);
await watch(ops, opts.intervalMs);

const a = await snapshot(ops, dbPath);
log('window 1: steady state');
await watch(ops, opts.windowS * 1000);
const b = await snapshot(ops, dbPath);
const engine = b.metrics.present;
log(
  `window 1 done: ${b.metrics.runs - a.metrics.runs} runs, /metrics took ${Math.round(b.scrapeMs)} ms`,
);
if (!engine)
  console.log(
    '\n*** CHECKS ENGINE NOT READY: /metrics has no opsdeck_check_runs_total. ***\n' +
      '*** The check figures below are n/a; only process figures were measured. ***\n',
  );

// RSS of the figure-1 run (start, warm-up, window 1); the API-load window is sampled apart.
const rssSteady = rss.stop();
log(`window 2: autocannon, ${opts.connections} connections on GET /api/v1/checks?limit=100`);
const rssLoadSampler = new RssSampler(ops.pid).start();
const load = await apiLoad(ops, opts);
const c = await snapshot(ops, dbPath);
const rssLoad = rssLoadSampler.stop();

log('restart: SIGTERM, start on the same database, wait for every check to run');
const again = await restart(ops, config, dbPath, opts);
const rssRestart = again.rss.stop();
await stopChild(again.ops.child);
await stopChild(target);
const stats = tableStats(dbPath, TABLES);
const stored = firstRunsAfter(dbPath, again.ops.readyEpochMs);

const steady = between(a, b);
const underLoad = between(b, c);
const projections = project(opts.checks, opts.intervalMs, stats);
const results: Results = {
  opts,
  steady,
  underLoad,
  floor,
  load,
  rssSteady,
  rssLoad,
  rssMax: Math.max(rssSteady, rssRestart),
  allRanS: again.allRanS,
  seenAtS: again.seenAtS,
  runsSeen: again.runsSeen,
  stored,
  scrapeMs: Math.max(a.scrapeMs, b.scrapeMs, c.scrapeMs),
  rollupYearBytes: rollupTotal(projections),
};
printFigures(
  `bench/checks: ${int(opts.checks)} HTTP checks every ${opts.interval}, ${opts.targets} targets, ${opts.windowS} s windows`,
  figures(results),
);
printProjection(projections, stats);
printJson({
  bench: 'checks',
  engineReady: engine,
  ...results,
  msPerCheck: (steady.cpuS * 1000) / steady.runs,
  floorRatio: (steady.cpuS * 1000) / steady.runs / floor.msPerRequest,
  restart: { stopMs: again.stopMs, readyMs: again.ops.startMs, rssMaxBytes: rssRestart },
  firstStartMs: ops.startMs,
  db: { tables: stats, projections },
});
if (!engine) process.exitCode = 1;
