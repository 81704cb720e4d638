/**
 * bench/incidents (`npm run bench:incidents`): with 100,000 historical incidents and their
 * timelines, listing p99 < 50 ms and a one-year report < 1 s, on SQLite and on PostgreSQL.
 *
 * Per storage: the history of bench/incidents/data.ts (two years; services, 6–10 timeline
 * events each, public updates, post-mortems and action items for P0/P1) is written through
 * the store (migrations, then bulk inserts); then a real `bin/opsdeck up` runs on it as a
 * child process and is measured over HTTP, one request at a time:
 *   - GET /api/v1/incidents with each filter of the mix below (a few hundred requests each,
 *     after a few untimed ones), and deep pagination following next_cursor for 20 pages:
 *     p50/p95/p99/max per filter and over every request;
 *   - GET /api/v1/reports/incidents over the last 365 days: one untimed run, then 10 timed
 *     (p50, max), and its incident count checked against the seed.
 * PostgreSQL gets a VACUUM ANALYZE after the load, as autovacuum would within a minute of
 * it (planner statistics, and the visibility map index-only scans rely on: without it a
 * year's report reads the table instead of the index and takes about twice as long); SQLite
 * gets nothing (Opsdeck never runs ANALYZE there).
 *
 * Options: BENCH_QUICK=1 (20,000 incidents, 50 requests a filter, 5 report runs, SQLite only),
 * BENCH_INCIDENTS_COUNT (100000), BENCH_INCIDENTS_SAMPLES (300), BENCH_INCIDENTS_REPORT_RUNS
 * (10), BENCH_INCIDENTS_DIALECTS (sqlite,postgres; quick: sqlite). PostgreSQL: see
 * bench/incidents/postgres.ts.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { printJson } from './checks/report.js';
import { freePort, positiveInt, removeOnExit, sleep } from './lib.js';
import { printLines, type Line } from './paging-report.js';
import { ADMIN_TOKEN, scanLog, startOpsdeck, type Dialect } from './paging-server.js';
import { history, SERVICES } from './incidents/data.js';
import {
  LIST_P99_MS,
  REPORT_MS,
  listLines,
  logLine,
  reportLines,
  seedLines,
} from './incidents/lines.js';
import {
  client,
  latencyOf,
  measureDeepPages,
  measureList,
  measureReport,
  type ListFigures,
} from './incidents/measure.js';
import { dropDatabase, freshDatabase, postgresAdmin } from './incidents/postgres.js';
import { seed } from './incidents/seed.js';
import { openStore } from '../src/store/index.js';

const log = (text: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${text}`);
const quick = process.env.BENCH_QUICK === '1';
const opts = {
  quick,
  incidents: positiveInt('BENCH_INCIDENTS_COUNT', quick ? 20_000 : 100_000),
  samples: positiveInt('BENCH_INCIDENTS_SAMPLES', quick ? 50 : 300),
  warmup: 10,
  pages: 20,
  reportRuns: positiveInt('BENCH_INCIDENTS_REPORT_RUNS', quick ? 5 : 10),
};
const DAY = 86_400_000;

function dialects(): Dialect[] {
  const raw = process.env.BENCH_INCIDENTS_DIALECTS || (quick ? 'sqlite' : 'sqlite,postgres');
  const list = raw.split(',').map((d) => d.trim());
  for (const d of list)
    if (d !== 'sqlite' && d !== 'postgres')
      throw new Error(`BENCH_INCIDENTS_DIALECTS: unknown '${d}' (sqlite, postgres)`);
  return list as Dialect[];
}

/**
 * The list filters of the issue. The month is a year and a half back: listing newest first
 * by id, the older the month, the more incidents a walk from the newest has to skip.
 */
function filters(now: number): Array<[string, string]> {
  const from = new Date(now - 540 * DAY).toISOString();
  const to = new Date(now - 510 * DAY).toISOString();
  return [
    ['no filter', ''],
    ['status=open', 'status=open'],
    ['status=resolved', 'status=resolved'],
    ['severity=P1', 'severity=P1'],
    ['service', `service=${SERVICES[3]}`],
    ['title words', 'q=latency'],
    ['one month', `from=${from}&to=${to}`],
    ['breached', 'breached=true'],
  ];
}

/**
 * VACUUM ANALYZE until the incidents table is all-visible (an autovacuum running at the same
 * time can hold back the horizon), at most 5 times: the state autovacuum leaves a settled
 * table in, which index-only scans rely on. Returns the all-visible share.
 */
async function settle(url: string): Promise<string> {
  const store = await openStore(url);
  try {
    let share = 0;
    for (let i = 0; i < 5 && share < 0.99; i++) {
      if (i > 0) await sleep(2_000);
      await sql`vacuum analyze`.execute(store.db);
      const { rows } = await sql<{ share: number }>`
        select relallvisible::float / greatest(relpages, 1) as share
        from pg_class where relname = 'incidents'`.execute(store.db);
      share = Number(rows[0]?.share ?? 0);
    }
    return `${(share * 100).toFixed(1)}%`;
  } finally {
    await store.close();
  }
}

const CONFIG = `services:\n${SERVICES.map((s) => `  ${s}: {}`).join('\n')}\n`;

const now = Date.now();
const load0 = loadavg();
log(
  `${cpus().length} cores, load average ${load0.map((l) => l.toFixed(2)).join(' ')}; ` +
    `${opts.incidents} incidents${quick ? '; BENCH_QUICK' : ''}`,
);

const lines: Line[] = [];
const results: Record<string, unknown> = {};
const notes: string[] = [];
let failed = false;
const t0 = performance.now();
for (const dialect of dialects()) {
  const dir = mkdtempSync(join(tmpdir(), `opsdeck-bench-incidents-${dialect}-`));
  removeOnExit(dir);
  let url: string;
  let cleanup = async () => {};
  if (dialect === 'sqlite') url = `sqlite:${join(dir, 'opsdeck.db')}`;
  else {
    const admin = postgresAdmin();
    if ('skip' in admin) {
      notes.push(`PostgreSQL skipped: ${admin.skip}`);
      log(`PostgreSQL skipped: ${admin.skip}`);
      continue;
    }
    notes.push(`PostgreSQL: ${admin.note}`);
    url = await freshDatabase(admin.url);
    cleanup = () => dropDatabase(admin.url, url).catch(() => {});
  }
  const figures: Record<string, unknown> = {};
  results[dialect] = figures;
  try {
    log(`[${dialect}] seeding ${opts.incidents} incidents`);
    const data = history(opts.incidents, now);
    const seeded = await seed(url, data, log);
    if (dialect === 'postgres') {
      figures.allVisible = await settle(url);
      notes.push(`PostgreSQL: incidents pages all-visible after VACUUM: ${figures.allVisible}`);
    }
    log(`[${dialect}] seeded in ${(seeded.ms / 1000).toFixed(1)} s; starting opsdeck up`);
    const config = join(dir, 'ops.yaml');
    writeFileSync(config, CONFIG);
    const { server, readyMs } = await startOpsdeck(dir, config, { dialect, url }, await freePort());
    lines.push(...seedLines(dialect, seeded, readyMs));
    figures.seed = seeded;
    figures.readyMs = readyMs;
    try {
      const c = client(server.url, ADMIN_TOKEN);
      const lists: ListFigures[] = [];
      for (const [name, query] of filters(now)) {
        const f = await measureList(c, name, query, opts.samples, opts.warmup);
        log(`  list ${name}: p50 ${f.p50.toFixed(1)} ms, p99 ${f.p99.toFixed(1)} ms`);
        lists.push(f);
      }
      const deep = await measureDeepPages(c, opts.pages, opts.samples);
      log(`  list deep pages: p50 ${deep.p50.toFixed(1)} ms, p99 ${deep.p99.toFixed(1)} ms`);
      lists.push(deep);
      const pooled = latencyOf(lists.flatMap((l) => l.ms));
      lines.push(...listLines(dialect, lists, pooled));
      figures.list = lists.map(({ ms: _ms, ...rest }) => rest);
      figures.listAll = pooled;

      const to = Date.now();
      const from = to - 365 * DAY;
      const expected = data.opened.filter((t) => t >= from && t < to).length;
      const report = await measureReport(c, from, to, opts.reportRuns, expected);
      log(`  report: p50 ${report.p50.toFixed(0)} ms, max ${report.max.toFixed(0)} ms`);
      lines.push(...reportLines(dialect, report));
      figures.report = report;
      if (lists.some((l) => l.p99 >= LIST_P99_MS) || report.max >= REPORT_MS) failed = true;
    } finally {
      await server.stop();
      const scanned = scanLog(server.logFile);
      lines.push(logLine(dialect, scanned));
      figures.log = scanned;
    }
  } catch (error) {
    failed = true;
    const message = (error as Error).message;
    console.error(`[${dialect}] failed: ${message}`);
    lines.push({
      storage: dialect,
      figure: 'run',
      measured: message.split('\n')[0]!.slice(0, 160),
      target: 'runs',
      result: 'ERROR',
    });
    figures.error = message;
  } finally {
    await cleanup();
  }
}

const load1 = loadavg();
log(`done in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
for (const note of notes) log(note);
printLines(
  `bench/incidents: ${opts.incidents.toLocaleString('en-US')} incidents over 2 years; ` +
    `${opts.samples} sequential requests a list filter, ${opts.reportRuns} one-year reports; ` +
    `load avg ${load0[0]!.toFixed(1)} → ${load1[0]!.toFixed(1)} on ${cpus().length} cores`,
  lines,
);
printJson({
  bench: 'incidents',
  opts,
  cores: cpus().length,
  loadavg: { start: load0, end: load1 },
  notes,
  results,
});
if (failed) process.exitCode = 1;
