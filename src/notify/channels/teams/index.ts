/**
 * `teams`: a Power Automate workflow webhook ("When a Teams webhook request is received"), which
 * takes a `message` whose attachment is an Adaptive Card; Workflows do not accept the old
 * MessageCard format of Office 365 connectors (learn.microsoft.com, Teams "Create and send
 * messages"). The workflow answers 202 Accepted. Card version 1.4: what every Teams client
 * renders.
 */
import type { NotificationMessage } from '../../message.js';
import type { Channel } from '../channel.js';
import { httpAttempt } from '../http.js';
import {
  actionLinks,
  alertLines,
  facts,
  headline,
  isReminder,
  lifecycleAction,
  statusWords,
} from '../render.js';

/** The Adaptive Card colour names Teams themes: red, amber, green; reminders blue or amber. */
function color(message: NotificationMessage): 'attention' | 'warning' | 'good' | 'accent' {
  if (isReminder(message)) return message.postmortem?.overdue ? 'warning' : 'accent';
  const action = lifecycleAction(message);
  return action === 'resolve' ? 'good' : action === 'acknowledge' ? 'warning' : 'attention';
}

/** The Adaptive Card of `message` (its `content`). */
export function teamsCard(message: NotificationMessage): Record<string, unknown> {
  const lines = alertLines(message);
  return {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    body: [
      {
        type: 'TextBlock',
        text: headline(message),
        size: 'Large',
        weight: 'Bolder',
        color: color(message),
        wrap: true,
      },
      {
        type: 'TextBlock',
        text: statusWords(message),
        weight: 'Bolder',
        spacing: 'None',
        wrap: true,
      },
      { type: 'TextBlock', text: message.text, wrap: true },
      { type: 'FactSet', facts: facts(message).map((f) => ({ title: f.name, value: f.value })) },
      ...(lines.length
        ? [
            {
              type: 'TextBlock',
              text: lines.map((l) => `- ${l}`).join('\n'),
              isSubtle: true,
              wrap: true,
            },
          ]
        : []),
    ],
    actions: actionLinks(message).map((link) => ({
      type: 'Action.OpenUrl',
      title: link.label,
      url: link.url,
    })),
  };
}

/** The workflow webhook body of `message`. */
export function renderTeams(message: NotificationMessage): Record<string, unknown> {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: teamsCard(message),
      },
    ],
  };
}

export const teamsChannel: Channel<'teams'> = {
  // 4 a second per webhook: the pace Teams set for incoming webhooks (connectors); workflows
  // are throttled by Power Automate instead, and answer 429 with Retry-After when they do.
  defaults: { concurrency: 8, rateLimit: { max: 4, perMs: 1000 } },
  attempt(message, config, { timeoutMs }) {
    const body = JSON.stringify(renderTeams(message));
    return httpAttempt({ url: config.url, body }, { timeoutMs });
  },
};
