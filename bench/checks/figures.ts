/** Turns the measurements into the results table: each figure with its target and verdict. */
import type { Options } from './config.js';
import { onTime } from './metrics.js';
import type { ApiLoad, FloorResult, Snapshot } from './phases.js';
import { bytes, fixed, int, pct, verdict, type Figure } from './report.js';

export interface Window {
  wallS: number;
  cpuS: number;
  cores: number;
  runs: number;
  up: number;
  runsPerS: number;
  onTime: number;
  /** Database growth extrapolated to a day: file (db + wal) and pages in use. */
  fileBytesPerDay: number;
  usedBytesPerDay: number;
}

/** What happened between two snapshots of one Opsdeck process. */
export function between(x: Snapshot, y: Snapshot): Window {
  const wallS = y.cpu.wall - x.cpu.wall;
  const cpuS = y.cpu.cpu - x.cpu.cpu;
  const runs = y.metrics.runs - x.metrics.runs;
  const status = (s: Snapshot) => s.metrics.runsByStatus.get('up') ?? 0;
  return {
    wallS,
    cpuS,
    cores: cpuS / wallS,
    runs,
    up: status(y) - status(x),
    runsPerS: runs / wallS,
    onTime: onTime(x.metrics, y.metrics),
    fileBytesPerDay: ((y.fileBytes - x.fileBytes) / wallS) * 86_400,
    usedBytesPerDay: ((y.usedBytes - x.usedBytes) / wallS) * 86_400,
  };
}

export interface Results {
  opts: Options;
  steady: Window;
  underLoad: Window;
  floor: FloorResult;
  load: ApiLoad;
  rssSteady: number;
  /** Max RSS during the API-load window (figure 3), reported apart from figure 1. */
  rssLoad: number;
  rssMax: number;
  allRanS: number;
  seenAtS: number;
  runsSeen: number;
  /** From check_results after the restart: checks with a result, and when the last first ran. */
  stored: { checks: number; lastS: number } | null;
  /** Slowest GET /metrics of the snapshots (it runs on Opsdeck's event loop). */
  scrapeMs: number;
  rollupYearBytes: number | null;
}

const row = (figure: string, measured: string, target = '—', result = 'info'): Figure => ({
  figure,
  measured,
  target,
  result,
});

export function figures(r: Results): Figure[] {
  const { steady: w1, underLoad: w2, floor } = r;
  const msPerCheck = (w1.cpuS * 1000) / w1.runs;
  const ratio = msPerCheck / floor.msPerRequest;
  const due = (r.opts.checks * 1000) / r.opts.intervalMs;
  const intervalS = r.opts.intervalMs / 1000;
  const onTimeOk = (v: number) => v >= 0.99;
  return [
    row(
      '1. on time ≤ 1 s (steady)',
      `${pct(w1.onTime)} of ${int(w1.runs)} runs`,
      '≥ 99%',
      verdict(w1.onTime, onTimeOk),
    ),
    row(
      '   runs/s',
      `${fixed(w1.runsPerS, 1)} of ${fixed(due, 1)} due; ${pct(w1.up / w1.runs)} up`,
    ),
    row(
      '   Opsdeck CPU',
      `${fixed(w1.cores, 3)} cores`,
      '< 0.5 core',
      verdict(w1.cores, (v) => v < 0.5),
    ),
    row(
      '   Opsdeck RSS max',
      `${bytes(r.rssMax)} (start + steady ${bytes(r.rssSteady)}; restart included)`,
      '< 400 MB',
      verdict(r.rssMax, (v) => v < 400e6),
    ),
    row(
      '2. floor CPU/request',
      `${fixed(floor.msPerRequest, 3)} ms (${fixed(floor.reqPerS, 1)} req/s, ${fixed(floor.cores, 3)} cores)`,
    ),
    row(
      '   Opsdeck CPU/check',
      Number.isFinite(ratio) ? `${fixed(msPerCheck, 3)} ms = ${fixed(ratio, 2)}× floor` : 'n/a',
      '≤ 2× floor',
      verdict(ratio, (v) => v <= 2),
    ),
    row(
      '3. on time ≤ 1 s (API load)',
      `${pct(w2.onTime)} of ${int(w2.runs)} runs`,
      '≥ 99%',
      verdict(w2.onTime, onTimeOk),
    ),
    row(
      '   API under load',
      `${int(r.load.rps)} req/s, p99 ${r.load.p99} ms, ${int(r.load.errors)} errors, ${int(r.load.non2xx)} non-2xx`,
    ),
    row('   RSS under API load', `${bytes(r.rssLoad)} max; ${fixed(r.underLoad.cores, 2)} cores`),
    row(
      '4. all ran after restart',
      `${fixed(r.allRanS, 1, ' s')} after ready (poll ${fixed(r.seenAtS, 1, ' s')}; ${int(r.runsSeen)} runs)`,
      `≤ ${intervalS} s`,
      verdict(r.allRanS, (v) => v <= intervalS),
    ),
    row(
      '   same, from stored results',
      r.stored === null
        ? 'n/a (check_results not readable)'
        : `${int(r.stored.checks)} of ${int(r.opts.checks)} checks; last first ran ${fixed(r.stored.lastS, 1, ' s')} after ready`,
      `≤ ${intervalS} s`,
      r.stored === null
        ? 'n/a'
        : r.stored.checks < r.opts.checks
          ? 'NOT MET'
          : verdict(r.stored.lastS, (v) => v <= intervalS),
    ),
    row('   GET /metrics (max)', `${int(r.scrapeMs)} ms wall`),
    row(
      '5. DB growth',
      `${bytes(w1.usedBytesPerDay)}/day in pages; file+WAL ${bytes(w1.fileBytesPerDay)}/day`,
    ),
    row(
      '   rollups, a year',
      r.rollupYearBytes === null ? 'n/a (see below)' : bytes(r.rollupYearBytes),
    ),
  ];
}
