import type { AlertSink } from '../alerts/index.js';
import { notificationFailedAlert, type FailedNotification } from '../notify/index.js';
import type { Logger } from '../telemetry/logger.js';

/**
 * Turns each notification that failed for good into `OpsdeckNotificationFailed` on Opsdeck
 * itself (source `opsdeck`): a page that did not arrive must be visible somewhere. The alert
 * has no end of its own, so it resolves `resolve_timeout` after the last failure.
 */
export function raiseFailedNotifications(
  sink: () => AlertSink | undefined,
  resolveTimeoutMs: () => number,
  logger: Logger,
) {
  return (failed: FailedNotification): void => {
    const target = sink();
    if (!target) return;
    const now = Date.now();
    const alert = notificationFailedAlert(failed, now);
    const input = {
      labels: alert.labels,
      annotations: alert.annotations,
      startsAt: now,
      endsAt: now + resolveTimeoutMs(),
      timeout: true,
      generatorURL: '',
    };
    target.submit([input], 'opsdeck').catch((error: unknown) => {
      logger.error({ err: error, notification: failed.id }, 'failed-notification alert not stored');
    });
  };
}
