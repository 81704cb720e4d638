import type { ChangeFeed } from '../lib/change-feed.js';
import type { CheckEngine } from '../checks/index.js';
import type { AlertStore } from '../alerts/index.js';
import type { Silences } from '../alerts/silences/index.js';
import { isResolved } from '../alerts/model/alert.js';

/**
 * Detector changes on the change feed, so the console updates live (`/api/v1/events`):
 * `check.state` when a check changes state, `alert.changed` when an alert starts firing or
 * resolves, and `silence.changed` when silences are created, changed, expire or start. Only changes are published, never every result or every re-sent alert: Prometheus
 * re-sends each firing alert every minute, and 10,000 of them must not become a stream.
 */
export function publishDetectorChanges(
  feed: ChangeFeed,
  engine: CheckEngine,
  alerts: AlertStore,
  silences: Silences,
): void {
  silences.onChange(({ ids }) => {
    if (ids.length > 0) feed.publish('silence.changed', { ids: ids.slice(0, 100) });
  });
  engine.onTransition((t) =>
    feed.publish(
      'check.state',
      { key: t.key, service: t.service, check: t.check, from: t.from, to: t.to, reason: t.reason },
      t.at,
    ),
  );
  alerts.onChange(({ alert, previous }) => {
    const now = Date.now();
    const resolved = isResolved(alert, now);
    if (previous !== undefined && isResolved(previous, now) === resolved) return;
    feed.publish('alert.changed', {
      fingerprint: alert.fingerprint,
      alertname: alert.labels.alertname ?? null,
      service: alert.labels.service ?? null,
      state: resolved ? 'resolved' : 'firing',
    });
  });
}
