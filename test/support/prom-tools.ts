/**
 * The real Prometheus tools from the Debian packages (CI installs them too): Prometheus,
 * node_exporter and Alertmanager, each started on a free loopback port in its own temp
 * directory, with bounded waits. Always `stop()` what you start (afterAll).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port.js';
import { makeTempDir } from './temp-dir.js';

const run = promisify(execFile);

export const PROMETHEUS_BIN = process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus';
export const PROMTOOL_BIN = process.env.PROMTOOL_BIN ?? '/usr/bin/promtool';
export const NODE_EXPORTER_BIN =
  process.env.NODE_EXPORTER_BIN ?? '/usr/bin/prometheus-node-exporter';
export const ALERTMANAGER_BIN = process.env.ALERTMANAGER_BIN ?? '/usr/bin/prometheus-alertmanager';

/** A started tool. `output()` is what it printed so far, for failure messages. */
export interface RunningTool {
  url: string;
  port: number;
  dir: string;
  output(): string;
  stop(): Promise<void>;
}

async function waitReady(url: string, child: ChildProcess, output: () => string, ms: number) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${url}: process exited with ${child.exitCode}:\n${output()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} not ready within ${ms} ms:\n${output()}`);
}

async function startTool(
  bin: string,
  args: (port: number, dir: string) => string[],
  readyPath: string,
  prefix: string,
  setup?: (dir: string) => void,
): Promise<RunningTool> {
  const dir = makeTempDir(prefix);
  setup?.(dir);
  const port = await freePort();
  const child = spawn(bin, args(port, dir), { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const keep = (chunk: Buffer) => {
    text = (text + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitReady(`${url}${readyPath}`, child, () => text, 20_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, dir, output: () => text, stop };
}

/**
 * Starts Prometheus with `configYaml` (its prometheus.yml). `dataDir` reuses a TSDB directory,
 * e.g. one filled by `backfillOpenMetrics`.
 */
export function startPrometheus(configYaml: string, dataDir?: string): Promise<RunningTool> {
  return startTool(
    PROMETHEUS_BIN,
    (port, dir) => [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${dataDir ?? join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--storage.tsdb.retention.time=3650d',
      '--log.level=warn',
    ],
    '/-/ready',
    'prometheus-',
    (dir) => writeFileSync(join(dir, 'prometheus.yml'), configYaml),
  );
}

/** A prometheus.yml scraping `targets` (host:port) as job `job` every `interval`. */
export function scrapeConfig(job: string, targets: string[], interval = '1s'): string {
  return [
    'global:',
    `  scrape_interval: ${interval}`,
    `  evaluation_interval: ${interval}`,
    'scrape_configs:',
    `  - job_name: ${job}`,
    `    scrape_interval: ${interval}`,
    `    scrape_timeout: ${interval}`,
    '    static_configs:',
    `      - targets: [${targets.map((t) => `'${t}'`).join(', ')}]`,
    '',
  ].join('\n');
}

/** Starts node_exporter with the collectors the handbook rules use (cpu, memory, disk). */
export function startNodeExporter(): Promise<RunningTool> {
  return startTool(
    NODE_EXPORTER_BIN,
    (port) => [
      `--web.listen-address=127.0.0.1:${port}`,
      '--collector.disable-defaults',
      '--collector.cpu',
      '--collector.meminfo',
      '--collector.filesystem',
      '--collector.loadavg',
    ],
    '/metrics',
    'node-exporter-',
  );
}

/** Starts Alertmanager with `configYaml` as alertmanager.yml, clustering off. */
export function startAlertmanager(configYaml: string): Promise<RunningTool> {
  return startTool(
    ALERTMANAGER_BIN,
    (port, dir) => [
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      '--log.level=warn',
    ],
    '/-/ready',
    'alertmanager-',
    (dir) => writeFileSync(join(dir, 'alertmanager.yml'), configYaml),
  );
}

/**
 * Writes `openMetrics` (samples with timestamps in seconds, ending in `# EOF`) into a new TSDB
 * directory with `promtool tsdb create-blocks-from openmetrics`; returns the directory.
 */
export async function backfillOpenMetrics(openMetrics: string): Promise<string> {
  const dir = makeTempDir('prom-backfill-');
  const input = join(dir, 'input.om');
  writeFileSync(input, openMetrics);
  const data = join(dir, 'data');
  await run(PROMTOOL_BIN, ['tsdb', 'create-blocks-from', 'openmetrics', input, data], {
    timeout: 60_000,
  });
  return data;
}
