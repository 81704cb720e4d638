import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { AlertStatusSource } from './status.js';
import type { AlertStore } from './store/alert-store.js';

/**
 * The alerts domain's metrics: ingest rate by source, commit batch sizes and latency (group
 * commit at work), alerts by state (computed at scrape time from memory) and notifications.
 */
export class AlertMetrics {
  readonly received: Counter<'source'>;
  readonly batchSize: Histogram;
  readonly commitSeconds: Histogram;
  readonly commitErrors: Counter;
  readonly notifications: Counter<'outcome'>;

  constructor(registry: Registry, alerts: () => AlertStore, status: () => AlertStatusSource) {
    const registers = [registry];
    this.received = new Counter({
      name: 'opsdeck_alerts_received_total',
      help: 'Alerts received, by source (check, rule, api, integration:<id>).',
      labelNames: ['source'],
      registers,
    });
    this.batchSize = new Histogram({
      name: 'opsdeck_alert_commit_batch_size',
      help: 'Alerts written per transaction (group commit).',
      buckets: [1, 4, 16, 64, 256, 1024, 4096, 16384],
      registers,
    });
    this.commitSeconds = new Histogram({
      name: 'opsdeck_alert_commit_seconds',
      help: 'Time to commit one batch of alerts.',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    });
    this.commitErrors = new Counter({
      name: 'opsdeck_alert_commit_errors_total',
      help: 'Failed alert commits (the alerts stay queued and are retried).',
      registers,
    });
    this.notifications = new Counter({
      name: 'opsdeck_alert_notifications_total',
      help: 'Group notifications sent to channels, by outcome.',
      labelNames: ['outcome'],
      registers,
    });
    new Gauge({
      name: 'opsdeck_alerts',
      help: 'Alerts held, by state: active (firing, notified), suppressed (firing, held back), resolved.',
      labelNames: ['state'],
      registers,
      collect() {
        const now = Date.now();
        const counts = { active: 0, suppressed: 0, resolved: 0 };
        const source = status();
        for (const a of alerts().all()) {
          if (a.endsAt <= now) counts.resolved++;
          else if (source.statusOf(a, now).state === 'suppressed') counts.suppressed++;
          else counts.active++;
        }
        for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
      },
    });
  }
}
