/**
 * Notification channels. Each kind is one entry of `channelKindSchemas` (the registry the notify
 * domain mirrors with `Record<ChannelKind, Channel>`): adding a kind is adding one line here.
 */
import { z } from 'zod';
import {
  durationSchema,
  emailSchema,
  httpUrlSchema,
  idMap,
  secretSchema,
  stringMapSchema,
} from './primitives.js';

/**
 * How the dispatcher treats every channel, whatever its kind. Unset values take the kind's
 * defaults (e.g. Slack's one message a second), which the notify domain's registry holds.
 */
const deliveryShape = {
  concurrency: z.int().min(1).max(256).optional().meta({
    description: 'Deliveries in flight at once on this channel (kind default when omitted).',
  }),
  rate_limit: z
    .strictObject({
      max: z.int().min(1).meta({ description: 'Deliveries allowed per window.' }),
      per: durationSchema
        .refine((ms) => ms > 0, { error: 'cannot be zero' })
        .meta({ description: 'Window length, e.g. 1s or 1m.' }),
    })
    .optional()
    .meta({ description: 'At most `max` deliveries per `per` (kind default when omitted).' }),
  retry: z
    .strictObject({
      attempts: z.int().min(1).max(50).default(6).meta({ description: 'Attempts in all.' }),
      backoff: durationSchema
        .prefault('1s')
        .meta({ description: 'Wait before the 2nd attempt; doubles each time, with jitter.' }),
      max_backoff: durationSchema.prefault('5m').meta({
        description: 'Longest wait between attempts (a longer Retry-After is honoured up to 1h).',
      }),
    })
    .prefault({})
    .meta({ description: 'Retries on network errors, timeouts, 5xx and 429; never on other 4xx.' }),
  timeout: durationSchema
    .prefault('10s')
    .refine((ms) => ms > 0, { error: 'cannot be zero' })
    .meta({ description: 'Longest wait for one attempt.' }),
};

/** One channel kind: a strict object whose `type` is the registry key. */
function kind<K extends string, S extends z.ZodRawShape>(type: K, description: string, shape: S) {
  const tag = z.literal(type).meta({ description: `Channel kind: \`${type}\`.` });
  return z
    .strictObject({ type: tag, ...shape, ...deliveryShape })
    .meta({ title: type, description });
}

/** The base URL of a SaaS API, changeable for proxies and tests. */
const apiUrl = (what: string, url: string) =>
  httpUrlSchema.default(url).meta({ description: `${what} (default ${url}).` });

const secretUrl = (what: string) =>
  httpUrlSchema.meta({ description: `${what}. It embeds a secret: use \`\${ENV_VAR}\`.` });

export const channelKindSchemas = {
  webhook: kind('webhook', 'POSTs a JSON payload to any HTTP endpoint.', {
    url: httpUrlSchema.meta({ description: 'Endpoint that receives the POST.' }),
    secret: secretSchema()
      .optional()
      .meta({ description: 'Shared secret used to sign each request body (HMAC-SHA256).' }),
    headers: stringMapSchema.optional().meta({ description: 'Extra HTTP headers to send.' }),
  }),
  slack: kind('slack', 'Slack incoming webhook.', { url: secretUrl('Incoming-webhook URL') }),
  teams: kind('teams', 'Microsoft Teams incoming webhook (workflow URL).', {
    url: secretUrl('Webhook URL'),
  }),
  discord: kind('discord', 'Discord channel webhook.', { url: secretUrl('Webhook URL') }),
  email: kind('email', 'Email over SMTP (HTML and text; one thread per incident).', {
    host: z.string().min(1).meta({ description: 'SMTP server host name or address.' }),
    port: z.int().min(1).max(65535).default(587).meta({ description: 'SMTP port.' }),
    security: z.enum(['starttls', 'tls', 'none']).default('starttls').meta({
      description:
        '`starttls` (upgrade, required), `tls` (implicit TLS, port 465) or `none` (plain; local relays only).',
    }),
    tls_verify: z.boolean().default(true).meta({
      description:
        'Verify the server certificate (`starttls`, `tls`); `false` for relays with a self-signed certificate.',
    }),
    username: z.string().min(1).optional().meta({ description: 'SMTP login.' }),
    password: secretSchema().optional().meta({ description: 'SMTP password; use `${ENV_VAR}`.' }),
    from: emailSchema.meta({ description: 'Sender address.' }),
    to: z.array(emailSchema).min(1).optional().meta({
      description:
        'Recipients of alert groups and channel targets; people are written at their own `email`.',
    }),
  }),
  pagerduty: kind('pagerduty', 'Forwards to PagerDuty through Events API v2.', {
    routing_key: secretSchema().meta({
      description: 'Integration (routing) key of a PagerDuty service.',
    }),
    url: apiUrl('Events API endpoint', 'https://events.pagerduty.com/v2/enqueue'),
  }),
  opsgenie: kind('opsgenie', 'Forwards to Opsgenie through its Alert API.', {
    api_key: secretSchema().meta({ description: 'API key of an Opsgenie API integration.' }),
    region: z.enum(['us', 'eu']).default('us').meta({
      description: 'Opsgenie region of your account (api.opsgenie.com or api.eu.opsgenie.com).',
    }),
    url: httpUrlSchema.optional().meta({
      description: 'API base URL; overrides `region` (proxies, tests).',
    }),
  }),
  ntfy: kind('ntfy', 'Push notifications through an ntfy server.', {
    url: httpUrlSchema.meta({ description: 'Base URL of the ntfy server, e.g. https://ntfy.sh.' }),
    topic: z.string().min(1).meta({ description: 'Topic to publish to.' }),
    token: secretSchema().optional().meta({ description: 'Access token for protected topics.' }),
  }),
  telegram: kind('telegram', 'Telegram bot message.', {
    bot_token: secretSchema().meta({ description: 'Token of the bot that sends the messages.' }),
    chat_id: z
      .union([z.string().min(1), z.int()], {
        error: 'expected a chat id like -1001234567890 or @channelname',
      })
      .transform(String)
      .optional()
      .meta({
        description:
          'Chat to post to: a numeric id or `@channelname`; people are written at their own `telegram_chat_id` when they have one.',
      }),
    api_url: apiUrl('Bot API base URL', 'https://api.telegram.org'),
  }),
};

type ChannelKindSchemas = typeof channelKindSchemas;

/** Every channel kind, e.g. `'slack'`. */
export type ChannelKind = keyof ChannelKindSchemas;

export const CHANNEL_KINDS = Object.keys(channelKindSchemas) as ChannelKind[];

// discriminatedUnion needs a non-empty tuple; the registry object is the source of truth.
const options = Object.values(channelKindSchemas) as [
  ChannelKindSchemas[ChannelKind],
  ...ChannelKindSchemas[ChannelKind][],
];

export const channelSchema = z.discriminatedUnion('type', options).meta({
  description: 'One notification channel; `type` selects the kind.',
});

export const channelsSchema = idMap(channelSchema)
  .default({})
  .meta({ description: 'Notification channels by id (e.g. `ops-slack`).' });
