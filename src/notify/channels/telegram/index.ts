/**
 * `telegram`: Bot API `sendMessage` in HTML parse mode, with the one-click links as inline URL
 * buttons. The bot token is part of the URL path, so it is passed as a secret and never shows
 * in a detail. A 429 says when to retry in `parameters.retry_after` (seconds)
 * (core.telegram.org/bots/api: sendMessage, formatting options, ResponseParameters).
 */
import type { NotificationMessage } from '../../message.js';
import type { Channel, ChannelConfigOf } from '../channel.js';
import { httpAttempt } from '../http.js';
import { actionLinks, alertLines, escapeHtml, headline, statusWords, truncate } from '../render.js';

type TelegramConfig = ChannelConfigOf<'telegram'>;

const NO_CHAT = 'no chat: the channel has no chat_id and the person no telegram_chat_id';

/** Message text limit, counted after entity parsing (the visible characters). */
const MAX_TEXT = 4096;

/** The chat a message goes to: the person's private chat with the bot, else the channel's. */
export function telegramChat(
  message: NotificationMessage,
  config: TelegramConfig,
): string | undefined {
  return message.recipient?.telegramChatId ?? config.chat_id;
}

/**
 * Telegram refuses the whole message (`BUTTON_URL_INVALID`) when a button's URL host has no dot,
 * e.g. `http://localhost:8080`; such links stay in the text instead.
 */
function buttonable(url: string): boolean {
  return URL.canParse(url) && new URL(url).hostname.includes('.');
}

/** The `sendMessage` body of `message` (`chat_id` left undefined when there is none). */
export function renderTelegram(
  message: NotificationMessage,
  config: TelegramConfig,
): Record<string, unknown> {
  const title = headline(message);
  const status = statusWords(message);
  const links = actionLinks(message);
  const buttons = links.filter((l) => buttonable(l.url));
  const plainLinks = links.filter((l) => !buttonable(l.url)).map((l) => `${l.label}: ${l.url}`);
  const rest = [message.text, alertLines(message).join('\n'), plainLinks.join('\n')]
    .filter(Boolean)
    .join('\n\n');
  // Cut the plain text before escaping, so no entity is split and the visible length is exact.
  const budget = MAX_TEXT - title.length - status.length - 3;
  const text = `<b>${escapeHtml(truncate(title, MAX_TEXT - 2))}</b>\n<i>${escapeHtml(status)}</i>\n\n${escapeHtml(truncate(rest, Math.max(0, budget)))}`;
  const row = (actions: string[]) =>
    buttons.filter((b) => actions.includes(b.action)).map((b) => ({ text: b.label, url: b.url }));
  const keyboard = [row(['acknowledge', 'resolve']), row(['open'])].filter((r) => r.length > 0);
  return {
    chat_id: telegramChat(message, config),
    text,
    parse_mode: 'HTML',
    link_preview_options: { is_disabled: true },
    ...(keyboard.length ? { reply_markup: { inline_keyboard: keyboard } } : {}),
  };
}

/** Telegram's error body: `{"ok":false,"error_code":429,"parameters":{"retry_after":N}}`. */
export function telegramRetryAfter(body: string): number | undefined {
  try {
    const parsed = JSON.parse(body) as { parameters?: { retry_after?: unknown } };
    const seconds = parsed.parameters?.retry_after;
    return typeof seconds === 'number' && seconds >= 0 ? seconds * 1000 : undefined;
  } catch {
    return undefined;
  }
}

export const telegramChannel: Channel<'telegram'> = {
  // One message a second per chat; a bot may send about 30 a second in all (Bots FAQ,
  // "My bot is hitting limits"). Channels are per chat, so the per-chat limit applies.
  defaults: { concurrency: 8, rateLimit: { max: 1, perMs: 1000 } },
  unreachable(message, config) {
    return telegramChat(message, config) ? undefined : NO_CHAT;
  },
  async attempt(message, config, { timeoutMs }) {
    if (!telegramChat(message, config)) return { outcome: 'failed', status: null, detail: NO_CHAT };
    const url = `${config.api_url.replace(/\/+$/, '')}/bot${config.bot_token}/sendMessage`;
    const body = JSON.stringify(renderTelegram(message, config));
    return httpAttempt(
      { url, body },
      { timeoutMs, secrets: [config.bot_token], retryAfterFromBody: telegramRetryAfter },
    );
  },
};
