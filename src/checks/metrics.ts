import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { ProbeStatus } from './probe.js';
import type { RuntimeCheck } from './runtime.js';
import { CHECK_STATES } from './state.js';

/**
 * The checks' Prometheus metrics. The hot path touches none of prom-client's label hashing:
 * run counts are plain numbers copied into the counter at scrape time, and the per-check
 * series (`opsdeck_check_up`, latest duration, certificate expiry) are rendered straight from
 * the engine's memory by `render()`, which /metrics appends. With 20,000 checks, prom-client
 * gauges took most of a second per scrape; the text renders in a few milliseconds.
 */
export class CheckMetrics {
  readonly lag: Histogram;
  readonly skipped: Counter;
  readonly dropped: Counter;
  readonly flushSeconds: Histogram;
  readonly #runCounts = new Map<string, { kind: string; status: ProbeStatus; n: number }>();

  constructor(
    registry: Registry,
    private readonly checks: () => Iterable<RuntimeCheck>,
  ) {
    const registers = [registry];
    const runCounts = this.#runCounts;
    this.lag = new Histogram({
      name: 'opsdeck_check_schedule_lag_seconds',
      help: 'How late check runs start after their due time (queueing included).',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    new Counter({
      name: 'opsdeck_check_runs_total',
      help: 'Check runs by kind and outcome.',
      labelNames: ['kind', 'status'],
      registers,
      collect() {
        this.reset();
        for (const { kind, status, n } of runCounts.values()) this.inc({ kind, status }, n);
      },
    });
    this.skipped = new Counter({
      name: 'opsdeck_check_runs_skipped_total',
      help: 'Runs not started because the previous run of the same check was still going.',
      registers,
    });
    this.dropped = new Counter({
      name: 'opsdeck_check_results_dropped_total',
      help: 'Results dropped because storage stayed unavailable and the buffer was full.',
      registers,
    });
    this.flushSeconds = new Histogram({
      name: 'opsdeck_check_history_flush_seconds',
      help: 'Time to commit one batch of check results.',
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
      registers,
    });
    const all = this.checks;
    new Gauge({
      name: 'opsdeck_checks',
      help: 'Configured checks by state.',
      labelNames: ['state'],
      registers,
      collect() {
        const counts = Object.fromEntries(CHECK_STATES.map((s) => [s, 0]));
        for (const c of all()) counts[c.state]!++;
        for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
      },
    });
  }

  /** Counts one finished run. */
  run(kind: string, status: ProbeStatus): void {
    const key = `${kind}:${status}`;
    const entry = this.#runCounts.get(key);
    if (entry) entry.n++;
    else this.#runCounts.set(key, { kind, status, n: 1 });
  }

  /** The per-check series in the Prometheus text format (ids need no escaping). */
  render(): string {
    const up: string[] = [];
    const duration: string[] = [];
    const expiry: string[] = [];
    const now = Date.now();
    for (const c of this.checks()) {
      const labels = `{service="${c.service}",check="${c.name}"}`;
      if (c.state === 'up' || c.state === 'degraded') up.push(`opsdeck_check_up${labels} 1`);
      else if (c.state === 'down') up.push(`opsdeck_check_up${labels} 0`);
      if (c.last)
        duration.push(`opsdeck_check_duration_seconds${labels} ${c.last.latencyMs / 1000}`);
      if (c.certExpiresAt !== null)
        expiry.push(
          `opsdeck_check_certificate_expiry_seconds${labels} ${(c.certExpiresAt - now) / 1000}`,
        );
    }
    return [
      family(
        'opsdeck_check_up',
        'gauge',
        '1 when the check is up or degraded, 0 when down (absent while unknown or paused).',
        up,
      ),
      family(
        'opsdeck_check_duration_seconds',
        'gauge',
        'Duration of the latest run of each check.',
        duration,
      ),
      family(
        'opsdeck_check_certificate_expiry_seconds',
        'gauge',
        'Seconds until the TLS certificate seen by the check expires (negative once expired).',
        expiry,
      ),
    ].join('');
  }
}

function family(name: string, type: string, help: string, lines: string[]): string {
  return `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n${lines.length > 0 ? lines.join('\n') + '\n' : ''}`;
}
