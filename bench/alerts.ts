/**
 * bench/alerts (`npm run bench:alerts`): Opsdeck side by side with Alertmanager 0.25 (the
 * Debian package), the same load generator against both, one server at a time, each in its own
 * child process on 127.0.0.1. Opsdeck runs on SQLite in a temp dir (WAL, synchronous=FULL: an
 * answer means committed); Alertmanager keeps alerts in memory. Figures, as Opsdeck/AM ratios:
 *   1. ingest of distinct alerts through POST /api/v2/alerts in batches of 64, 8 concurrent
 *      keep-alive requests: alerts/s (target ≥ AM), server CPU per 1,000 alerts, RSS after.
 *      Both route with group_by [alertname, service], group_wait 0s and no notification
 *      target (Opsdeck: a route without `notify`; AM: a receiver without configs);
 *   2. alert received → first webhook notification, group_wait 0s, each alert a new group,
 *      sent one by one: p50 and p99 (target ≤ AM);
 *   3. 10,000 active alerts: RSS at rest and GET /api/v2/alerts latency.
 * Options: BENCH_ALERTS (10000,50000), BENCH_CONCURRENCY (8), BENCH_BATCH (64), BENCH_NOTIFY
 * (200), BENCH_GETS (20), BENCH_PROFILE=DIR (Opsdeck under --cpu-prof; summarise with
 * `node --import tsx bench/alerts/profile.ts DIR/*.cpuprofile`), BENCH_QUICK=1 (5,000 alerts,
 * 50 notifications). See bench/alerts/options.ts.
 */
import { mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { printJson } from './checks/report.js';
import { startHook } from './alerts/hook.js';
import { readOptions } from './alerts/options.js';
import {
  fsyncLatency,
  ingestBodies,
  runIngest,
  runNotify,
  type IngestFigures,
  type NotifyFigures,
} from './alerts/phases.js';
import { printRows, rows } from './alerts/report.js';
import type { Kind } from './alerts/servers.js';

const KINDS: Kind[] = ['opsdeck', 'alertmanager'];
const opts = readOptions();
const log = (text: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${text}`);
if (opts.profileDir) mkdirSync(opts.profileDir, { recursive: true });
const runId = Date.now().toString(36);
const loadStart = loadavg();
log(
  `${cpus().length} cores, load average ${loadStart.map((l) => l.toFixed(2)).join(' ')}` +
    (opts.profileDir ? `; Opsdeck under --cpu-prof into ${opts.profileDir}` : ''),
);

if (opts.profileDir)
  log(
    '*** profiling slows Opsdeck down: use these figures for where time goes, not as results ***',
  );

const fsyncStart = fsyncLatency();
log(`disk: fsync p50 ${fsyncStart.p50Ms.toFixed(2)} ms, p99 ${fsyncStart.p99Ms.toFixed(2)} ms`);

const ingest: Array<{ opsdeck: IngestFigures; alertmanager: IngestFigures }> = [];
for (const size of opts.sizes) {
  // One set of bodies for both: the same alerts, the same bytes.
  const bodies = ingestBodies(`BenchIngest_${runId}`, size, opts.batch);
  const pair = {} as { opsdeck: IngestFigures; alertmanager: IngestFigures };
  for (const kind of KINDS) {
    log(
      `ingest: ${size} distinct alerts into ${kind}, batches of ${opts.batch}, ${opts.concurrency} concurrent`,
    );
    const f = await runIngest(kind, size, bodies, opts);
    log(
      `  ${Math.round(f.alertsPerS)} alerts/s, ${f.cpuMsPer1k.toFixed(0)} ms CPU / 1,000, ` +
        `RSS ${(f.rssAfterBytes / 1e6).toFixed(0)} MB, ${f.retries} retries (503)` +
        (f.active
          ? `; ${f.active.alerts} active: GET p50 ${f.active.getP50Ms.toFixed(1)} ms, p99 ${f.active.getP99Ms.toFixed(1)} ms`
          : ''),
    );
    if (f.commits)
      log(
        `  ${f.commits.count} commits, ${f.commits.meanBatch.toFixed(0)} alerts each, ` +
          `${f.commits.meanMs.toFixed(1)} ms each (${f.commits.totalMs.toFixed(0)} ms in all)`,
      );
    pair[kind] = f;
  }
  ingest.push(pair);
}

const hook = await startHook();
const notify = {} as { opsdeck: NotifyFigures; alertmanager: NotifyFigures };
try {
  for (const kind of KINDS) {
    log(
      `notify: ${opts.notify} new-group alerts one by one into ${kind} (${opts.notifyWarmup} untimed first), ` +
        `${opts.notifyPauseMs} ms apart`,
    );
    const f = await runNotify(kind, hook, runId, opts);
    log(
      `  p50 ${f.p50Ms.toFixed(2)} ms, p99 ${f.p99Ms.toFixed(2)} ms, ${f.missing} missing` +
        (f.commits
          ? `; ${f.commits.count} commits, ${f.commits.meanMs.toFixed(2)} ms each on average`
          : ''),
    );
    notify[kind] = f;
  }
} finally {
  await hook.close();
}

const loadEnd = loadavg();
const fsyncEnd = fsyncLatency();
log(`disk: fsync p50 ${fsyncEnd.p50Ms.toFixed(2)} ms, p99 ${fsyncEnd.p99Ms.toFixed(2)} ms`);
printRows(
  `bench/alerts: Opsdeck (SQLite, durable) vs Alertmanager 0.25 (memory); batches of ${opts.batch}, ` +
    `${opts.concurrency} concurrent; ${opts.notify} new-group notifications; load avg ` +
    `${loadStart[0]!.toFixed(1)} → ${loadEnd[0]!.toFixed(1)} on ${cpus().length} cores`,
  rows(ingest, notify),
);
printJson({
  bench: 'alerts',
  opts,
  cores: cpus().length,
  loadavg: { start: loadStart, end: loadEnd },
  fsync: { start: fsyncStart, end: fsyncEnd },
  ingest,
  notify,
});
