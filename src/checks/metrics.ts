import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { ProbeStatus } from './probe.js';
import type { RuntimeCheck } from './runtime.js';
import { CHECK_STATES } from './state.js';

/**
 * The checks' Prometheus metrics. Per-check series (`opsdeck_check_up`, durations, certificate
 * expiry) are filled at scrape time from the engine's memory rather than on every run: 20,000
 * checks would otherwise pay label hashing 667 times a second for values nobody reads between
 * scrapes.
 */
export class CheckMetrics {
  readonly lag: Histogram;
  readonly skipped: Counter;
  readonly dropped: Counter;
  readonly flushSeconds: Histogram;
  readonly #runs: Counter<'kind' | 'status'>;
  readonly #duration: Histogram<'kind'>;
  readonly #runChildren = new Map<string, { inc(): void }>();
  readonly #durationChildren = new Map<string, { observe(v: number): void }>();

  constructor(registry: Registry, checks: () => Iterable<RuntimeCheck>) {
    const registers = [registry];
    this.lag = new Histogram({
      name: 'opsdeck_check_schedule_lag_seconds',
      help: 'How late check runs start after their due time (queueing included).',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.#runs = new Counter({
      name: 'opsdeck_check_runs_total',
      help: 'Check runs by kind and outcome.',
      labelNames: ['kind', 'status'],
      registers,
    });
    this.#duration = new Histogram({
      name: 'opsdeck_check_run_duration_seconds',
      help: 'Duration of check runs by kind.',
      labelNames: ['kind'],
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
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
    new Gauge({
      name: 'opsdeck_check_up',
      help: '1 when the check is up or degraded, 0 when down (absent while unknown or paused).',
      labelNames: ['service', 'check'],
      registers,
      collect() {
        this.reset();
        for (const c of checks()) {
          if (c.state === 'up' || c.state === 'degraded')
            this.set({ service: c.service, check: c.name }, 1);
          else if (c.state === 'down') this.set({ service: c.service, check: c.name }, 0);
        }
      },
    });
    new Gauge({
      name: 'opsdeck_check_duration_seconds',
      help: 'Duration of the latest run of each check.',
      labelNames: ['service', 'check'],
      registers,
      collect() {
        this.reset();
        for (const c of checks())
          if (c.last) this.set({ service: c.service, check: c.name }, c.last.latencyMs / 1000);
      },
    });
    new Gauge({
      name: 'opsdeck_check_certificate_expiry_seconds',
      help: 'Seconds until the TLS certificate seen by the check expires (negative once expired).',
      labelNames: ['service', 'check'],
      registers,
      collect() {
        this.reset();
        const now = Date.now();
        for (const c of checks())
          if (c.certExpiresAt !== null)
            this.set({ service: c.service, check: c.name }, (c.certExpiresAt - now) / 1000);
      },
    });
    new Gauge({
      name: 'opsdeck_checks',
      help: 'Configured checks by state.',
      labelNames: ['state'],
      registers,
      collect() {
        const counts = Object.fromEntries(CHECK_STATES.map((s) => [s, 0]));
        for (const c of checks()) counts[c.state]!++;
        for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
      },
    });
  }

  /** Counts one finished run (children are cached: no label hashing on the hot path). */
  run(kind: string, status: ProbeStatus, seconds: number): void {
    const key = `${kind}\0${status}`;
    let runs = this.#runChildren.get(key);
    if (!runs) {
      runs = this.#runs.labels({ kind, status });
      this.#runChildren.set(key, runs);
    }
    runs.inc();
    let duration = this.#durationChildren.get(kind);
    if (!duration) {
      duration = this.#duration.labels({ kind });
      this.#durationChildren.set(kind, duration);
    }
    duration.observe(seconds);
  }
}
