import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** The dispatcher's metrics, on the app's registry. */
export class NotifyMetrics {
  readonly notifications: Counter<'channel_kind' | 'outcome'>;
  readonly attemptSeconds: Histogram<'channel_kind' | 'outcome'>;
  readonly failed: Counter<'channel'>;

  /** `pending` counts waiting and in-flight rows of every instance (read from storage at scrape). */
  constructor(registry: Registry, pending: () => Promise<number>) {
    const registers = [registry];
    this.notifications = new Counter({
      name: 'opsdeck_notifications_total',
      help: 'Notifications that reached a final state, by channel kind and outcome (delivered, failed).',
      labelNames: ['channel_kind', 'outcome'],
      registers,
    });
    this.attemptSeconds = new Histogram({
      name: 'opsdeck_notification_attempt_seconds',
      help: 'Duration of one delivery attempt, by channel kind and outcome (delivered, retry, failed).',
      labelNames: ['channel_kind', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.failed = new Counter({
      name: 'opsdeck_notifications_failed_total',
      help: 'Notifications that failed for good (attempts exhausted or refused), by channel id.',
      labelNames: ['channel'],
      registers,
    });
    let last = 0;
    new Gauge({
      name: 'opsdeck_notifications_pending',
      help: 'Notifications waiting for delivery or being delivered (pending and sending rows).',
      registers,
      async collect() {
        // A scrape during a storage outage shows the last known value rather than failing.
        last = await pending().catch(() => last);
        this.set(last);
      },
    });
  }
}
