/**
 * bench/web-status: the public status page under load. A real `opsdeck up` (the built CLI)
 * runs BENCH_STATUS_CHECKS HTTP checks (1,500 by default) every BENCH_STATUS_INTERVAL (10s)
 * against local targets, with a status page over their services in groups; autocannon then
 * fires BENCH_STATUS_CONNECTIONS (200) connections at /status/<slug> for BENCH_STATUS_S (10)
 * seconds. Figures: requests/s (≥ 10,000), p50/p99 latency (p99 < 50 ms), and the checks'
 * on-time ratio during the load (runs started ≤ 1 s after their due time, ≥ 99%), from the
 * engine's schedule-lag histogram at /metrics before and after.
 * Run alone: `node --import tsx bench/web-status.ts` (after `npm run build`);
 * `benchStatusPage()` is exported for bench/web.ts.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { forkScript, startOpsdeck, stopChild, waitMessage } from './checks/children.js';
import { writeConfig, type Options } from './checks/config.js';
import { onTime, scrape } from './checks/metrics.js';
import { positiveInt, printTable, removeOnExit, sleep } from './lib.js';

export interface StatusBenchOptions {
  checks?: number;
  intervalS?: number;
  connections?: number;
  durationS?: number;
  /** Services shown on the page (10 checks each), in groups of 10. */
  components?: number;
}

export interface StatusBenchResult {
  checks: number;
  connections: number;
  durationS: number;
  requestsPerS: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
  pageBytes: number;
  /** The page's brotli copy, as sent to browsers. */
  brBytes: number;
  checksOnTime: number;
  runsDuringLoad: number;
}

const SLUG = 'bench';

function statusPageYaml(components: number): string {
  const lines = ['status_pages:', `  ${SLUG}:`, '    title: Bench status', '    components:'];
  for (let g = 0; g * 10 < components; g++) {
    lines.push(`      - group: Area ${g + 1}`, '        components:');
    for (let i = g * 10; i < Math.min(components, (g + 1) * 10); i++)
      lines.push(`          - { service: svc-${String(i).padStart(5, '0')} }`);
  }
  return lines.join('\n') + '\n';
}

export async function benchStatusPage(o: StatusBenchOptions = {}): Promise<StatusBenchResult> {
  const checks = o.checks ?? positiveInt('BENCH_STATUS_CHECKS', 1_500);
  const intervalS = o.intervalS ?? positiveInt('BENCH_STATUS_INTERVAL_S', 10);
  const connections = o.connections ?? positiveInt('BENCH_STATUS_CONNECTIONS', 200);
  const durationS = o.durationS ?? positiveInt('BENCH_STATUS_S', 10);
  const components = Math.min(o.components ?? 30, Math.ceil(checks / 10));
  const dir = mkdtempSync(join(tmpdir(), 'opsdeck-bench-status-'));
  removeOnExit(dir);
  const opts: Options = {
    checks,
    interval: `${intervalS}s`,
    intervalMs: intervalS * 1000,
    timeoutMs: Math.min(10_000, intervalS * 1000),
    windowS: durationS,
    targets: 10,
    connections,
    quick: false,
  };
  const target = forkScript('./target-server.ts', ['10']);
  const ports = await waitMessage<number[]>(target, 'ports');
  const folder = writeConfig(dir, opts, ports);
  writeFileSync(join(folder, 'status-pages.yaml'), statusPageYaml(components));
  const ops = await startOpsdeck(folder, join(dir, 'opsdeck.db'));
  try {
    // One interval so every check has run, then the page's first build.
    await sleep(opts.intervalMs);
    const url = `${ops.url}/status/${SLUG}`;
    const page = await fetch(url);
    if (page.status !== 200) throw new Error(`GET /status/${SLUG}: HTTP ${page.status}`);
    const pageBytes = (await page.arrayBuffer()).byteLength;
    // Browsers ask for compression; the page serves prebuilt brotli/gzip copies.
    const headers = { 'accept-encoding': 'gzip, deflate, br' };
    await sleep(1_000); // the compressed copies are made in the background
    const sized = await fetch(url, { headers: { 'accept-encoding': 'br' } });
    const brBytes = Number(sized.headers.get('content-length') ?? NaN);
    await sized.arrayBuffer();
    await autocannon({ url, connections, duration: 2, headers }); // warm-up (JIT, sockets)
    const before = await scrape(ops.url);
    const r = await autocannon({ url, connections, duration: durationS, headers });
    const after = await scrape(ops.url);
    ops.assertAlive();
    return {
      checks,
      connections,
      durationS,
      requestsPerS: r.requests.average,
      p50Ms: r.latency.p50,
      p99Ms: r.latency.p99,
      errors: r.errors + r.timeouts,
      non2xx: r.non2xx,
      pageBytes,
      brBytes,
      checksOnTime: onTime(before, after),
      runsDuringLoad: after.runs - before.runs,
    };
  } finally {
    await stopChild(ops.child);
    await stopChild(target);
  }
}

export function printStatusBench(r: StatusBenchResult): void {
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  printTable('web-status', [
    { figure: 'requests/s', value: Math.round(r.requestsPerS), target: '≥ 10,000' },
    { figure: 'latency p50', value: `${r.p50Ms} ms`, target: '' },
    { figure: 'latency p99', value: `${r.p99Ms} ms`, target: '< 50 ms' },
    { figure: 'errors + non-2xx', value: r.errors + r.non2xx, target: '0' },
    { figure: 'checks on time (≤ 1 s)', value: pct(r.checksOnTime), target: '≥ 99%' },
    { figure: 'check runs during load', value: r.runsDuringLoad, target: '' },
    { figure: 'page size (identity / br)', value: `${r.pageBytes} / ${r.brBytes} B`, target: '' },
  ]);
  console.log(`${r.checks} HTTP checks, ${r.connections} connections for ${r.durationS} s`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  printStatusBench(await benchStatusPage());
}
