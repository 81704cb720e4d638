/**
 * Alert groups routed to channels (`routes.notify`): the alert dispatcher's notification as a
 * NotificationMessage, put in the durable outbox like every other notification.
 */
import { createHash } from 'node:crypto';
import type { GroupNotification } from '../alerts/dispatch/dispatcher.js';
import { publicUrlOf, type OpsConfig } from '../config/index.js';
import type { Notifier } from './dispatch/notifier.js';
import type { MessageAlert, NotificationMessage } from './message.js';
import { webhookPayload } from './webhook/payload.js';

/** Alerts listed in the text; the rest are counted (the full list is in `alerts`). */
const TEXT_ALERTS = 10;

export function groupMessage(n: GroupNotification, config: OpsConfig): NotificationMessage {
  const publicUrl = publicUrlOf(config.server);
  const group = webhookPayload(n, publicUrl);
  const alerts: MessageAlert[] = group.alerts;
  const count = n.status === 'resolved' ? n.resolved.length : n.firing.length;
  const name = n.commonLabels.alertname ?? Object.values(n.groupLabels).join(' ');
  const service = n.commonLabels.service;
  const title =
    (n.severity ? `[${n.severity}] ` : '') +
    (service ? `${service}: ` : '') +
    `${name || 'alerts'} (${count} ${count === 1 ? 'alert' : 'alerts'}` +
    (n.status === 'resolved' ? ', resolved)' : ')');
  const lines = alerts.slice(0, TEXT_ALERTS).map((a) => {
    const what = a.annotations.summary ?? a.annotations.description ?? '';
    const label = a.labels.alertname ?? a.fingerprint;
    return `${a.status === 'resolved' ? 'resolved' : 'firing'}: ${label}${what ? ` — ${what}` : ''}`;
  });
  if (alerts.length > TEXT_ALERTS) lines.push(`… and ${alerts.length - TEXT_ALERTS} more`);
  return {
    event: 'alert.group',
    title,
    text: lines.join('\n'),
    severity: n.severity,
    status: n.status,
    alerts,
    links: { view: `${publicUrl}/alerts` },
    group,
    // Stable per group, so PagerDuty and Opsgenie fold re-sends and the resolution into one.
    dedupKey: createHash('sha256').update(n.groupKey).digest('hex').slice(0, 32),
  };
}

/**
 * Puts one group notification in the outbox; resolves once it is committed (durable), so the
 * alert dispatcher marks its notification log only for notifications that will arrive.
 */
export async function sendGroupNotification(
  notifier: Notifier,
  n: GroupNotification,
  config: OpsConfig,
): Promise<void> {
  if (!config.channels[n.target]) throw new Error(`channel '${n.target}' is not in the config`);
  await notifier.enqueue([{ channel: n.target, message: groupMessage(n, config) }]);
}
