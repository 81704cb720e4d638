/**
 * Notification channels. Each kind is one entry of `channelKindSchemas` (the registry the notify
 * domain mirrors with `Record<ChannelKind, Channel>`): adding a kind is adding one line here.
 */
import { z } from 'zod';
import { emailSchema, httpUrlSchema, idMap, secretSchema, stringMapSchema } from './primitives.js';

/** One channel kind: a strict object whose `type` is the registry key. */
function kind<K extends string, S extends z.ZodRawShape>(type: K, description: string, shape: S) {
  const tag = z.literal(type).meta({ description: `Channel kind: \`${type}\`.` });
  return z.strictObject({ type: tag, ...shape }).meta({ title: type, description });
}

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
  email: kind('email', 'Email through the server’s SMTP settings.', {
    to: z.array(emailSchema).min(1).meta({ description: 'Recipient addresses.' }),
  }),
  pagerduty: kind('pagerduty', 'Forwards to PagerDuty through Events API v2.', {
    routing_key: secretSchema().meta({
      description: 'Integration (routing) key of a PagerDuty service.',
    }),
  }),
  opsgenie: kind('opsgenie', 'Forwards to Opsgenie through its Alert API.', {
    api_key: secretSchema().meta({ description: 'API key of an Opsgenie API integration.' }),
    region: z.enum(['us', 'eu']).default('us').meta({
      description: 'Opsgenie region of your account (api.opsgenie.com or api.eu.opsgenie.com).',
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
      .meta({ description: 'Chat to post to: a numeric id or `@channelname`.' }),
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
