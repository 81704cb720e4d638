/**
 * Notifications. Today: alert-group notifications to webhook channels, in Alertmanager's
 * webhook format. The other channel kinds of the config (Slack, Teams, email, …) are delivered
 * by the on-call work that follows; until then the config refuses routes that notify them.
 */
import type { GroupNotification } from '../alerts/dispatch/dispatcher.js';
import type { OpsConfig } from '../config/index.js';
import { webhookPayload } from './webhook/payload.js';
import { postWebhook } from './webhook/send.js';

/** Sends one group notification to the channel it names; rejects when delivery failed. */
export async function sendGroupNotification(
  n: GroupNotification,
  config: OpsConfig,
): Promise<void> {
  const channel = config.channels[n.target];
  if (!channel) throw new Error(`channel '${n.target}' is not in the config`);
  if (channel.type !== 'webhook')
    throw new Error(`channel '${n.target}' (${channel.type}) cannot receive alert groups yet`);
  const externalURL = config.server.public_url ?? '';
  await postWebhook(channel, webhookPayload(n, externalURL));
}

export { postWebhook, WebhookError, type WebhookTarget } from './webhook/send.js';
export { webhookPayload } from './webhook/payload.js';
