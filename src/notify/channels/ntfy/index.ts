/**
 * `ntfy`: "publish as JSON", a POST of `{topic, title, message, …}` to the server's root URL
 * (docs.ntfy.sh/publish). The topic is the person's own (`ntfy_topic`) when the page is for a
 * person, else the channel's. Acknowledge and Resolve are `view` action buttons (at most three
 * actions) that clear the notification once tapped.
 */
import type { NotificationMessage } from '../../message.js';
import type { Channel, ChannelConfigOf } from '../channel.js';
import { httpAttempt } from '../http.js';
import {
  actionLinks,
  alertLines,
  headline,
  isReminder,
  lifecycleAction,
  serviceOf,
  statusWords,
  truncateBytes,
} from '../render.js';

type NtfyConfig = ChannelConfigOf<'ntfy'>;

/** ntfy turns longer messages into attachments; 4096 bytes is its default message limit. */
const MAX_MESSAGE_BYTES = 4096;

/**
 * Phone priority: 5 (max, breaks through do-not-disturb on Android) for P0 and P1, 4 for P2,
 * 3 (default) for anything else, including acknowledgements, resolutions and post-mortem
 * reminders of any severity.
 */
export function ntfyPriority(message: NotificationMessage): 3 | 4 | 5 {
  if (lifecycleAction(message) !== 'trigger') return 3;
  if (message.severity === 'P0' || message.severity === 'P1') return 5;
  return message.severity === 'P2' ? 4 : 3;
}

/** Tag names that ntfy shows as emoji, then plain tags. */
function tags(message: NotificationMessage): string[] {
  const emoji = { trigger: 'rotating_light', acknowledge: 'eyes', resolve: 'white_check_mark' };
  const service = serviceOf(message);
  const first = isReminder(message) ? 'memo' : emoji[lifecycleAction(message)];
  return [first, message.severity, service].filter((t): t is string => !!t);
}

/** The JSON publish body of `message`. */
export function renderNtfy(
  message: NotificationMessage,
  config: NtfyConfig,
): Record<string, unknown> {
  const text = [statusWords(message), message.text, alertLines(message).join('\n')]
    .filter(Boolean)
    .join('\n\n');
  return {
    topic: message.recipient?.ntfyTopic ?? config.topic,
    title: headline(message),
    message: truncateBytes(text, MAX_MESSAGE_BYTES),
    priority: ntfyPriority(message),
    tags: tags(message),
    click: message.links.view,
    actions: actionLinks(message).map((link) => ({
      action: 'view',
      label: link.label,
      url: link.url,
      clear: link.action !== 'open',
    })),
  };
}

export const ntfyChannel: Channel<'ntfy'> = {
  defaults: { concurrency: 8, rateLimit: null },
  attempt(message, config, { timeoutMs }) {
    const headers: Record<string, string> = config.token
      ? { authorization: `Bearer ${config.token}` }
      : {};
    const body = JSON.stringify(renderNtfy(message, config));
    // JSON is published to the server's root, which is the configured URL (with its path, for a
    // server behind a sub-path proxy), never a topic URL.
    const url = config.url.endsWith('/') ? config.url : `${config.url}/`;
    return httpAttempt({ url, headers, body }, { timeoutMs });
  },
};
