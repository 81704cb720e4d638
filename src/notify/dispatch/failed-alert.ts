import type { FailedNotification } from './types.js';

/** Alertmanager's postable alert (what `POST /api/v2/alerts` takes). */
export interface PostableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** ISO 8601. */
  startsAt: string;
}

/**
 * The alert Opsdeck raises on itself when a notification fails for good. Labelled by channel
 * only, so repeated failures of one channel are one alert (re-sent, never a storm); the app
 * submits it without an end, so it resolves `resolve_timeout` after the last failure.
 */
export function notificationFailedAlert(
  failed: FailedNotification,
  now = Date.now(),
): PostableAlert {
  const next = failed.fallbackChannel ? ` It moved on to channel '${failed.fallbackChannel}'.` : '';
  const code = failed.lastStatus === null ? '' : ` (last answer ${failed.lastStatus})`;
  return {
    labels: {
      alertname: 'OpsdeckNotificationFailed',
      channel: failed.channel,
      severity: 'P2',
      service: 'opsdeck',
    },
    annotations: {
      summary: `Notification to channel '${failed.channel}' failed after ${failed.attempts} attempt(s)`,
      description:
        `${failed.event} notification ${failed.id} "${failed.title}"` +
        (failed.person ? ` for ${failed.person}` : '') +
        ` could not be delivered${code}: ${failed.detail}.${next}`,
      notification_id: failed.id,
    },
    startsAt: new Date(now).toISOString(),
  };
}
