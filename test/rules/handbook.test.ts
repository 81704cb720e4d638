/**
 * The handbook rules (handbook-rules.ts), loaded from their YAML through the config schema:
 * against a real node_exporter they evaluate without error to plausible values; against apps
 * with controlled /metrics (one unhealthy, one healthy, scraped every 15 s of a simulated
 * clock) exactly the unhealthy one fires, and "CPU > 70% for 10 min" waits its 10 minutes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { opsConfigSchema } from '../../src/config/index.js';
import { AlertingRule } from '../../src/rules/alerting/rule.js';
import { LocalQuerier } from '../../src/rules/querier.js';
import { ruleDefinitions, storePlan, targetSettings } from '../../src/rules/runtime.js';
import { ScrapePool } from '../../src/rules/scrape/pool.js';
import { SeriesStore } from '../../src/rules/storage/series-store.js';
import { createLogger } from '../../src/telemetry/logger.js';
import { startNodeExporter, type RunningTool } from '../support/prom-tools.js';
import { AppServer, HEALTHY, UNHEALTHY } from './app-server.js';
import { HANDBOOK_RULES, HANDBOOK_RULES_YAML } from './handbook-rules.js';

const logger = createLogger({ level: 'silent' });

function configWith(scrape: Record<string, { url: string; every: string }>) {
  return opsConfigSchema.parse({ ...parseYaml(HANDBOOK_RULES_YAML), metrics: { scrape } });
}

function localEngineParts(config: ReturnType<typeof configWith>, now: () => number) {
  const plan = storePlan(config);
  const store = new SeriesStore({ capacity: plan.capacity, retentionMs: plan.retentionMs });
  const pool = new ScrapePool(store, plan.filter, logger, now);
  pool.apply(targetSettings(config), plan.filter);
  return { pool, querier: new LocalQuerier(store) };
}

describe('handbook rules on a real node_exporter', () => {
  let exporter: RunningTool;
  beforeAll(async () => {
    exporter = await startNodeExporter();
  });
  afterAll(async () => {
    await exporter?.stop();
  });

  it('evaluate without error to plausible values', async () => {
    const config = configWith({ node: { url: `${exporter.url}/metrics`, every: '15s' } });
    const { pool, querier } = localEngineParts(config, Date.now);
    await pool.scrapeAll();
    await new Promise((r) => setTimeout(r, 1_200));
    await pool.scrapeAll();
    const now = Date.now();
    const valueOf = async (name: string) =>
      querier.query(HANDBOOK_RULES.find((r) => r.name === name)!.value, now);
    for (const name of ['HostHighCpu', 'HostMemoryHigh']) {
      const samples = await valueOf(name);
      expect(samples.length, name).toBeGreaterThan(0);
      for (const s of samples) expect(s.value, name).toBeGreaterThanOrEqual(0);
      for (const s of samples) expect(s.value, name).toBeLessThanOrEqual(100);
    }
    // Containers may expose no real filesystem; whatever is there must be a percentage.
    for (const s of await valueOf('HostDiskFull')) expect(s.value).toBeGreaterThanOrEqual(0);
    for (const s of await valueOf('HostDiskFull')) expect(s.value).toBeLessThanOrEqual(100);
    for (const rule of config.alert_rules)
      await expect(querier.query(rule.expr, now)).resolves.toBeDefined();
    expect(pool.status().map((t) => [t.job, t.up, t.lastError])).toEqual([['node', true, null]]);
    await pool.close();
  });
});

/** node_exporter-style series for a host that is `busy` (0–1), `memUsed` and `diskUsed` full. */
function hostMetrics(seconds: number, busy: number, memUsed: number, diskUsed: number): string {
  return [
    `node_cpu_seconds_total{cpu="0",mode="idle"} ${(seconds * (1 - busy)).toFixed(3)}`,
    `node_cpu_seconds_total{cpu="0",mode="user"} ${(seconds * busy).toFixed(3)}`,
    'node_memory_MemTotal_bytes 1000',
    `node_memory_MemAvailable_bytes ${1000 * (1 - memUsed)}`,
    'node_filesystem_size_bytes{fstype="ext4",mountpoint="/"} 1000',
    `node_filesystem_avail_bytes{fstype="ext4",mountpoint="/"} ${1000 * (1 - diskUsed)}`,
    // A full tmpfs is not a full disk.
    'node_filesystem_size_bytes{fstype="tmpfs",mountpoint="/run"} 1000',
    'node_filesystem_avail_bytes{fstype="tmpfs",mountpoint="/run"} 1',
    '',
  ].join('\n');
}

describe('handbook rules on controlled metrics', () => {
  const bad = new AppServer(true);
  const good = new AppServer(true);
  const firingAt = new Map<number, Record<string, string[]>>();
  const pendingAt = new Map<number, Record<string, string[]>>();
  const STEP = 15_000;

  beforeAll(async () => {
    await Promise.all([bad.start(), good.start()]);
    Object.assign(bad.state, UNHEALTHY);
    Object.assign(good.state, HEALTHY);
    let now = 1_700_000_000_000;
    const config = configWith({
      bad: { url: `${bad.url}/metrics`, every: '15s' },
      good: { url: `${good.url}/metrics`, every: '15s' },
    });
    const { pool, querier } = localEngineParts(config, () => now);
    const rules = ruleDefinitions(config).map((d) => new AlertingRule(d));
    for (let step = 0; step <= 44; step++) {
      bad.state.extra = hostMetrics(step * 15, 0.92, 0.95, 0.9);
      good.state.extra = hostMetrics(step * 15, 0.1, 0.5, 0.5);
      await pool.scrapeAll();
      const firing: Record<string, string[]> = {};
      const pending: Record<string, string[]> = {};
      for (const rule of rules) {
        rule.update(await querier.query(rule.def.expr, now), now);
        const jobs = (state: string) =>
          rule
            .alerts()
            .filter((a) => a.state === state)
            // CPU rules aggregate by instance: name the app by its address then.
            .map((a) => a.labels.job ?? (a.labels.instance === bad.hostPort ? 'bad' : 'good'))
            .sort();
        firing[rule.def.name] = jobs('firing');
        pending[rule.def.name] = jobs('pending');
      }
      firingAt.set(step, firing);
      pendingAt.set(step, pending);
      now += STEP;
    }
    await pool.close();
  }, 30_000);

  afterAll(async () => {
    await Promise.all([bad.close(), good.close()]);
  });

  it('fires every threshold for the unhealthy app and host only', () => {
    const last = firingAt.get(44)!;
    for (const rule of HANDBOOK_RULES) expect(last[rule.name], rule.name).toEqual(['bad']);
  });

  it('CPU > 70% fires only after 10 minutes', () => {
    // Rates need two scrapes: the condition holds from step 1 (15 s), so it fires at step 41.
    expect(pendingAt.get(40)!.HostCpuSustained).toEqual(['bad']);
    expect(firingAt.get(40)!.HostCpuSustained).toEqual([]);
    expect(firingAt.get(41)!.HostCpuSustained).toEqual(['bad']);
    // From the second scrape on, and never for the healthy host (no startup false alarm).
    expect(firingAt.get(1)!.HostHighCpu).toEqual(['bad']);
    for (const [step, firing] of firingAt)
      expect(firing.HostHighCpu, `step ${step}`).not.toContain('good');
  });
});
