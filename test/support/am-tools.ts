/**
 * Alertmanager interop tools from the Debian packages: `amtool` (prometheus-alertmanager), run
 * against any Alertmanager-compatible URL with an HTTP client config, plus Prometheus set up to
 * send its alerts somewhere. Starting Prometheus and node_exporter is prom-tools.ts' job.
 * In CI (.ci/run installs the packages) a missing binary fails the suite; elsewhere the suite
 * is listed as skipped with the reason in its title.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { isCI } from './env.js';
import { makeTempDir } from './temp-dir.js';

export const AMTOOL_BIN = process.env.AMTOOL_BIN ?? '/usr/bin/amtool';

/** The binaries of `bins` that are not there or not executable. */
export function missingBinaries(bins: readonly string[]): string[] {
  return bins.filter((bin) => {
    try {
      accessSync(bin, constants.X_OK);
      return false;
    } catch {
      return true;
    }
  });
}

/**
 * `describe(title, body)` when every binary in `bins` exists. Otherwise: in CI, a suite whose
 * one test fails naming what is missing; elsewhere, the suite registered as skipped with the
 * reason in its title (its tests stay listed).
 */
export function describeWithBinaries(
  title: string,
  bins: readonly string[],
  packages: string,
  body: () => void,
): void {
  const missing = missingBinaries(bins);
  if (missing.length === 0) {
    describe(title, body);
  } else if (isCI()) {
    describe(title, () => {
      it('has its tools installed', () => {
        throw new Error(
          `missing in CI: ${missing.join(', ')}; .ci/run must install the Debian packages ${packages}`,
        );
      });
    });
  } else {
    describe.skip(
      `${title} — SKIPPED: ${missing.join(', ')} not found (apt-get install ${packages})`,
      body,
    );
  }
}

export interface ToolResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * amtool pointed at `url`, authenticating with `httpConfig` (an http_config YAML, as
 * `--http.config.file`; e.g. `authorization: {credentials: TOKEN}`). HOME is a fresh temp
 * directory, so no amtool.yml of the machine leaks in.
 */
export class Amtool {
  readonly dir: string;
  private readonly configFile: string | undefined;

  constructor(
    readonly url: string,
    httpConfig?: string,
  ) {
    this.dir = makeTempDir('amtool-');
    if (httpConfig !== undefined) {
      this.configFile = join(this.dir, 'http.yml');
      writeFileSync(this.configFile, httpConfig);
    }
  }

  /**
   * Runs `amtool --alertmanager.url=URL [--http.config.file=…] --no-version-check ARGS…`
   * (bounded). Pass `versionCheck: true` to keep amtool's check against /api/v2/status.
   */
  run(args: string[], opts: { versionCheck?: boolean; timeoutMs?: number } = {}) {
    const flags = [`--alertmanager.url=${this.url}`];
    if (this.configFile) flags.push(`--http.config.file=${this.configFile}`);
    if (!opts.versionCheck) flags.push('--no-version-check');
    return runTool(AMTOOL_BIN, [...flags, ...args], { HOME: this.dir }, opts.timeoutMs);
  }
}

/** Runs `bin ARGS…` to completion within `timeoutMs`; never rejects on a non-zero exit. */
export function runTool(
  bin: string,
  args: string[],
  env: Record<string, string> = {},
  timeoutMs = 15_000,
): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    execFile(
      bin,
      args,
      { env: { ...process.env, ...env }, timeout: timeoutMs, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          const why = error.killed ? `timed out after ${timeoutMs} ms` : error.message;
          reject(new Error(`${bin} ${args.join(' ')}: ${why}\n${stdout}\n${stderr}`));
          return;
        }
        resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
      },
    );
  });
}

/** How Prometheus authenticates to an Alertmanager (both ways Opsdeck takes an integration key). */
export type AlertmanagerAuth =
  { bearer: string } | { basic: { username: string; password: string } };

export interface AlertingPrometheusOptions {
  /** Scrape job name and its targets (host:port). */
  job: string;
  targets: string[];
  /** Absolute path of the rule file. */
  ruleFile: string;
  /** Alertmanager targets (host:port), all with `auth`. */
  alertmanagers: string[];
  auth: AlertmanagerAuth;
  externalLabels?: Record<string, string>;
  /** scrape and evaluation interval; 1s by default. */
  interval?: string;
}

/** A prometheus.yml that scrapes, evaluates `ruleFile` and sends alerts with API v2. */
export function alertingPrometheusConfig(o: AlertingPrometheusOptions): string {
  const interval = o.interval ?? '1s';
  const q = (s: string) => JSON.stringify(s);
  const auth =
    'bearer' in o.auth
      ? ['    authorization:', `      credentials: ${q(o.auth.bearer)}`]
      : [
          '    basic_auth:',
          `      username: ${q(o.auth.basic.username)}`,
          `      password: ${q(o.auth.basic.password)}`,
        ];
  const external = Object.entries(o.externalLabels ?? {});
  return [
    'global:',
    `  scrape_interval: ${interval}`,
    `  scrape_timeout: ${interval}`,
    `  evaluation_interval: ${interval}`,
    ...(external.length > 0
      ? ['  external_labels:', ...external.map(([k, v]) => `    ${k}: ${q(v)}`)]
      : []),
    `rule_files: [${q(o.ruleFile)}]`,
    'scrape_configs:',
    `  - job_name: ${q(o.job)}`,
    '    static_configs:',
    `      - targets: [${o.targets.map(q).join(', ')}]`,
    'alerting:',
    '  alertmanagers:',
    '  - api_version: v2',
    '    timeout: 5s',
    ...auth,
    '    static_configs:',
    `      - targets: [${o.alertmanagers.map(q).join(', ')}]`,
    '',
  ].join('\n');
}

/** Writes a Prometheus rule file (YAML text) into a fresh temp directory; returns its path. */
export function writeRuleFile(yaml: string): string {
  const file = join(makeTempDir('prom-rules-'), 'rules.yml');
  writeFileSync(file, yaml);
  return file;
}
