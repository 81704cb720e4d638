/**
 * `pagerduty`: Events API v2 (`POST /v2/enqueue`). A trigger carries the PD-CEF payload; an
 * acknowledgement or resolution carries only the routing key, the action and the dedup key,
 * which is the message's (stable per incident), so PagerDuty closes what it opened. PagerDuty
 * answers 202 `{"status":"success","dedup_key":…}`, 400 for an invalid event, 429 when
 * throttled (developer.pagerduty.com, Events API v2 "Send an Alert Event").
 */
import { createHash } from 'node:crypto';
import type { NotificationMessage } from '../../message.js';
import type { Channel, ChannelConfigOf } from '../channel.js';
import { httpAttempt } from '../http.js';
import {
  alertLines,
  commonLabel,
  headline,
  lifecycleAction,
  serviceOf,
  startedAt,
  truncate,
} from '../render.js';

type PagerDutyConfig = ChannelConfigOf<'pagerduty'>;

/**
 * Opsdeck severity → PD-CEF severity. P2 maps to `warning`, not `error`: a service with
 * severity-based urgency pages at high urgency for critical and error only, and P2 is the first
 * severity the handbooks do not page for. Severities Opsdeck does not know become `error`.
 */
export const PAGERDUTY_SEVERITY: Record<string, 'critical' | 'error' | 'warning' | 'info'> = {
  P0: 'critical',
  P1: 'critical',
  P2: 'warning',
  P3: 'info',
};

/** PagerDuty's limit is 255 characters; longer keys become a stable digest. */
export function pagerdutyDedupKey(key: string): string {
  return key.length <= 255 ? key : `sha256:${createHash('sha256').update(key).digest('hex')}`;
}

/** The Events API v2 body of `message`. */
export function renderPagerDuty(
  message: NotificationMessage,
  config: PagerDutyConfig,
): Record<string, unknown> {
  const action = lifecycleAction(message);
  const base = {
    routing_key: config.routing_key,
    event_action: action,
    dedup_key: pagerdutyDedupKey(message.dedupKey),
  };
  if (action !== 'trigger') return base;
  const service = serviceOf(message);
  const alertname = commonLabel(message.alerts, 'alertname');
  const group = commonLabel(message.alerts, 'team') ?? commonLabel(message.alerts, 'job');
  return {
    ...base,
    payload: {
      summary: truncate(headline(message), 1024),
      source: service ?? commonLabel(message.alerts, 'instance') ?? 'opsdeck',
      severity: (message.severity && PAGERDUTY_SEVERITY[message.severity]) ?? 'error',
      timestamp: startedAt(message),
      ...(service ? { component: service } : {}),
      ...(group ? { group } : {}),
      ...(alertname ? { class: alertname } : {}),
      custom_details: {
        text: message.text,
        alerts: alertLines(message, 50),
        ...(message.incident ? { incident: `#${message.incident.id}` } : {}),
        ...(message.recipient ? { paged: message.recipient.name } : {}),
      },
    },
    links: [{ href: message.links.view, text: 'Open in Opsdeck' }],
    client: 'Opsdeck',
    client_url: message.links.view,
  };
}

export const pagerdutyChannel: Channel<'pagerduty'> = {
  defaults: { concurrency: 8, rateLimit: null },
  attempt(message, config, { timeoutMs }) {
    const body = JSON.stringify(renderPagerDuty(message, config));
    return httpAttempt({ url: config.url, body }, { timeoutMs, secrets: [config.routing_key] });
  },
};
