/** The API's shapes for notifications and channels (the single source of their OpenAPI). */
import { z } from 'zod';
import { formatDuration, type ChannelConfig } from '../config/index.js';
import type { ChannelDefaults } from './channels/channel.js';
import { deliverySettings, NOTIFICATION_STATUSES } from './dispatch/index.js';

const attempt = z
  .object({
    attempt: z.number().int().meta({ description: '1 for the first attempt.' }),
    at: z.string().meta({ description: 'ISO 8601 start of the attempt.' }),
    duration_ms: z.number().int(),
    outcome: z.enum(['delivered', 'retry', 'failed']),
    status_code: z
      .number()
      .int()
      .nullable()
      .meta({ description: 'HTTP status or SMTP code; null when no answer came.' }),
    detail: z
      .string()
      .nullable()
      .meta({ description: 'What went wrong, or the receiver’s answer.' }),
  })
  .meta({ id: 'NotificationAttempt' });

export const notificationSummary = z
  .object({
    id: z.string(),
    channel: z.string().meta({ description: 'Channel id.' }),
    event: z.string().meta({ description: 'alert.group, incident.triggered, …, test.' }),
    incident_id: z.number().int().nullable(),
    person: z.string().nullable(),
    title: z.string(),
    status: z.enum(NOTIFICATION_STATUSES),
    attempts: z.number().int().meta({ description: 'Attempts made so far.' }),
    fallback: z
      .array(z.string())
      .meta({ description: 'Channels tried next, in order, if this one fails for good.' }),
    created_at: z.string(),
    updated_at: z.string(),
    next_attempt_at: z.string().nullable().meta({ description: 'When a pending one is due.' }),
    delivered_at: z.string().nullable(),
    last_status: z.number().int().nullable(),
    last_detail: z.string().nullable(),
  })
  .meta({ id: 'Notification' });

export const notificationDetail = notificationSummary
  .extend({ text: z.string(), attempt_log: z.array(attempt) })
  .meta({ id: 'NotificationDetail' });

export const channelView = z
  .object({
    id: z.string(),
    type: z.string(),
    concurrency: z.number().int().meta({ description: 'Deliveries in flight at once.' }),
    rate_limit: z
      .object({ max: z.number().int(), per: z.string() })
      .nullable()
      .meta({ description: 'At most `max` deliveries per `per`; null for none.' }),
    retry: z.object({ attempts: z.number().int(), backoff: z.string(), max_backoff: z.string() }),
    timeout: z.string(),
  })
  .meta({
    id: 'Channel',
    description: 'A channel’s effective delivery settings; never its URL, address or secrets.',
  });

export type ChannelJson = z.infer<typeof channelView>;

/** The delivery settings of a channel and nothing else: no URL, token or address leaves. */
export function channelJson(
  id: string,
  config: ChannelConfig,
  defaults: ChannelDefaults,
): ChannelJson {
  const s = deliverySettings(config, defaults);
  return {
    id,
    type: config.type,
    concurrency: s.concurrency,
    rate_limit: s.rateLimit && { max: s.rateLimit.max, per: formatDuration(s.rateLimit.perMs) },
    retry: {
      attempts: s.retry.attempts,
      backoff: formatDuration(s.retry.backoff),
      max_backoff: formatDuration(s.retry.max_backoff),
    },
    timeout: formatDuration(s.timeoutMs),
  };
}
