/**
 * `slack`: an incoming webhook with a Block Kit message (header, text, fields, context, link
 * buttons) and a plain `text` fallback for notifications and old clients. Slack answers 200
 * `ok`; 400 `invalid_payload`, 403 `action_prohibited`, 404 `no_service`/`channel_not_found`
 * and 410 `channel_is_archived` are final; 429 carries Retry-After (docs: api.slack.com
 * changelog 2016-05-17 "errors for incoming webhooks", and its rate-limits page).
 */
import type { NotificationMessage } from '../../message.js';
import type { Channel } from '../channel.js';
import { httpAttempt } from '../http.js';
import {
  actionLinks,
  alertLines,
  facts,
  headline,
  startedAt,
  statusWords,
  truncate,
} from '../render.js';

/** Block Kit limits (api.slack.com/reference/block-kit/blocks): header 150, section 3000, … */
const LIMITS = { header: 150, section: 3000, field: 2000, fields: 10, button: 75 } as const;

/** Slack's only three reserved characters in mrkdwn (api.slack.com/reference/surfaces/formatting). */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts escaped mrkdwn without leaving half an entity (`&am…`) behind. */
function clip(mrkdwn: string, max: number): string {
  const cut = truncate(mrkdwn, max);
  return cut === mrkdwn ? cut : cut.replace(/&[a-z]{0,3}…$/, '…');
}

/** The incoming-webhook body of `message`. */
export function renderSlack(message: NotificationMessage): Record<string, unknown> {
  const mention = message.recipient?.slackUserId ? `<@${message.recipient.slackUserId}> ` : '';
  const title = headline(message);
  const lines = alertLines(message);
  const body = [
    `${mention}*${escapeSlack(statusWords(message))}*`,
    escapeSlack(message.text),
    ...(lines.length ? [lines.map((l) => `• ${escapeSlack(l)}`).join('\n')] : []),
  ].join('\n\n');
  const started = Math.floor(Date.parse(startedAt(message)) / 1000);
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(title, LIMITS.header) } },
    { type: 'section', text: { type: 'mrkdwn', text: clip(body, LIMITS.section) } },
    {
      type: 'section',
      fields: facts(message)
        .slice(0, LIMITS.fields)
        .map((f) => ({
          type: 'mrkdwn',
          text: clip(`*${f.name}*\n${escapeSlack(f.value)}`, LIMITS.field),
        })),
    },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          // Slack shows the date in each reader's own time zone; the ISO text is the fallback.
          text: `Opsdeck · started <!date^${started}^{date_short_pretty} {time}|${startedAt(message)}>`,
        },
      ],
    },
    {
      type: 'actions',
      elements: actionLinks(message).map((link) => ({
        type: 'button',
        text: { type: 'plain_text', text: link.label },
        url: link.url,
        action_id: `opsdeck_${link.action}`,
        ...(link.action === 'acknowledge' ? { style: 'primary' } : {}),
      })),
    },
  ];
  return { text: clip(`${mention}${escapeSlack(title)}`, LIMITS.section), blocks };
}

export const slackChannel: Channel<'slack'> = {
  // Slack allows about one message a second per webhook, with short bursts (its rate-limits page).
  defaults: { concurrency: 8, rateLimit: { max: 1, perMs: 1000 } },
  attempt(message, config, { timeoutMs }) {
    const body = JSON.stringify(renderSlack(message));
    return httpAttempt({ url: config.url, body }, { timeoutMs });
  },
};
