/**
 * `discord`: Execute Webhook with `?wait=true`, so Discord validates the message before it
 * answers (200 with the message) instead of 204 for anything. One embed per message; mentions
 * are limited by `allowed_mentions` to the recipient, so alert text containing `@everyone`
 * pings nobody. A 429's JSON `retry_after` (seconds, a float) is more precise than its
 * Retry-After header (discord.com/developers/docs: webhook, message limits, rate limits).
 */
import type { NotificationMessage } from '../../message.js';
import type { Channel } from '../channel.js';
import { httpAttempt } from '../http.js';
import {
  accentColor,
  actionLinks,
  alertLines,
  facts,
  headline,
  startedAt,
  statusWords,
  truncate,
} from '../render.js';

/** Discord's message and embed limits, in characters. */
const LIMITS = { content: 2000, title: 256, description: 4096, fieldValue: 1024, embed: 6000 };

/** The Execute Webhook body of `message`. */
export function renderDiscord(message: NotificationMessage): Record<string, unknown> {
  const userId = message.recipient?.discordUserId;
  const title = truncate(headline(message), LIMITS.title);
  const fields = [
    ...facts(message).map((f) => ({ name: f.name, value: truncate(f.value, 256), inline: true })),
    {
      name: 'Links',
      value: truncate(
        actionLinks(message)
          .map((l) => `[${l.label}](${l.url})`)
          .join(' · '),
        LIMITS.fieldValue,
      ),
      inline: false,
    },
  ];
  const used = title.length + fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
  const lines = alertLines(message);
  const description = [statusWords(message), message.text, lines.join('\n')]
    .filter(Boolean)
    .join('\n\n');
  return {
    content: truncate(`${userId ? `<@${userId}> ` : ''}${headline(message)}`, LIMITS.content),
    embeds: [
      {
        title,
        // The embed's texts share a 6000-character budget; the description gives way.
        description: truncate(description, Math.min(LIMITS.description, LIMITS.embed - used)),
        url: message.links.view,
        color: accentColor(message),
        fields,
        timestamp: startedAt(message),
        footer: { text: 'Opsdeck' },
      },
    ],
    allowed_mentions: userId ? { parse: [], users: [userId] } : { parse: [] },
  };
}

/** Discord's 429 body: `{"retry_after": 0.52, "global": false, …}`. */
export function discordRetryAfter(body: string): number | undefined {
  try {
    const seconds = (JSON.parse(body) as { retry_after?: unknown }).retry_after;
    return typeof seconds === 'number' && seconds >= 0 ? Math.ceil(seconds * 1000) : undefined;
  } catch {
    return undefined;
  }
}

export const discordChannel: Channel<'discord'> = {
  // Discord publishes no fixed webhook limit (it reports buckets in X-RateLimit-* headers and
  // answers 429 beyond them); 5 per 2 s is the webhook bucket commonly observed, and a 429's
  // retry_after still wins when Discord is stricter.
  defaults: { concurrency: 8, rateLimit: { max: 5, perMs: 2000 } },
  attempt(message, config, { timeoutMs }) {
    const url = new URL(config.url);
    url.searchParams.set('wait', 'true');
    const body = JSON.stringify(renderDiscord(message));
    return httpAttempt(
      { url: url.href, body },
      { timeoutMs, secrets: [config.url], retryAfterFromBody: discordRetryAfter },
    );
  },
};
