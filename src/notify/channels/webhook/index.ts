/**
 * `webhook`: a JSON POST to any endpoint. Alert groups go out as Alertmanager's webhook payload
 * (version 4) exactly as the alert dispatcher built it, so Alertmanager receivers keep working;
 * every other event goes out in Opsdeck's own documented shape (`OpsdeckWebhookBody`).
 */
import { createHmac } from 'node:crypto';
import type { NotificationMessage } from '../../message.js';
import type { Channel, ChannelConfigOf } from '../channel.js';
import { httpAttempt, type HttpRequest } from '../http.js';

type WebhookConfig = ChannelConfigOf<'webhook'>;

/** Opsdeck's webhook body for every event but `alert.group`. Version `1`; fields only get added. */
export interface OpsdeckWebhookBody {
  version: '1';
  event: NotificationMessage['event'];
  title: string;
  text: string;
  severity: string | null;
  status: NotificationMessage['status'];
  incident: NotificationMessage['incident'] | null;
  recipient: NotificationMessage['recipient'] | null;
  alerts: NotificationMessage['alerts'];
  links: NotificationMessage['links'];
  dedupKey: string;
  /** `postmortem.due` only: when the post-mortem is due and whether that has passed. */
  postmortem?: NotificationMessage['postmortem'];
}

/** The body of `message`: the Alertmanager payload for alert groups, else `OpsdeckWebhookBody`. */
export function renderWebhook(message: NotificationMessage): Record<string, unknown> {
  if (message.event === 'alert.group' && message.group) return message.group;
  const body: OpsdeckWebhookBody = {
    version: '1',
    event: message.event,
    title: message.title,
    text: message.text,
    severity: message.severity,
    status: message.status,
    incident: message.incident ?? null,
    recipient: message.recipient ?? null,
    alerts: message.alerts,
    links: message.links,
    dedupKey: message.dedupKey,
    ...(message.postmortem ? { postmortem: message.postmortem } : {}),
  };
  return { ...body };
}

/** `sha256=<hex>`: HMAC-SHA256 of the exact body bytes, as GitHub-style receivers verify it. */
export function webhookSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * The request for `message`. The configured extra headers come first: `httpAttempt` folds
 * header names to lower case and the later value wins, so they cannot replace the event,
 * signature or idempotency headers receivers rely on.
 */
export function webhookRequest(
  message: NotificationMessage,
  config: WebhookConfig,
  idempotencyKey: string,
): HttpRequest {
  const body = JSON.stringify(renderWebhook(message));
  const headers: Record<string, string> = {
    ...config.headers,
    'content-type': 'application/json',
    'x-opsdeck-event': message.event,
    'idempotency-key': idempotencyKey,
  };
  if (config.secret) headers['x-opsdeck-signature'] = webhookSignature(config.secret, body);
  return { url: config.url, headers, body };
}

export const webhookChannel: Channel<'webhook'> = {
  defaults: { concurrency: 8, rateLimit: null },
  attempt(message, config, { timeoutMs, idempotencyKey }) {
    const secrets = [config.secret ?? '', ...Object.values(config.headers ?? {})];
    return httpAttempt(webhookRequest(message, config, idempotencyKey), { timeoutMs, secrets });
  },
};
