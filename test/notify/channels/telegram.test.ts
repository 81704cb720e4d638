/** The Telegram kind: sendMessage in HTML mode, chats, buttons, limits, 429 and the bot token. */
import { expect, it } from 'vitest';
import { renderTelegram, telegramChannel } from '../../../src/notify/channels/telegram/index.js';
import {
  ACK,
  channelConfig,
  OPTIONS,
  pageMessage,
  RESOLVE,
  useReceiver,
  VIEW,
} from './fixtures.js';

const server = useReceiver();
const TOKEN = '110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const config = (extra: Record<string, unknown> = {}) =>
  channelConfig('telegram', { bot_token: TOKEN, api_url: server().url, ...extra });
const OK = { status: 200, body: '{"ok":true,"result":{"message_id":7}}' };

it('sends to the person’s chat in HTML mode, escaped, with URL buttons and no previews', async () => {
  server().reply = () => OK;
  const result = await telegramChannel.attempt(
    pageMessage(),
    config({ chat_id: '-100200300' }),
    OPTIONS,
  );
  expect(result).toMatchObject({ outcome: 'delivered', status: 200 });
  const [req] = server().received;
  expect(req).toMatchObject({ method: 'POST', path: `/bot${TOKEN}/sendMessage` });
  const body = req!.body as Record<string, unknown>;
  expect(body).toMatchObject({
    chat_id: '123456789',
    parse_mode: 'HTML',
    link_preview_options: { is_disabled: true },
    reply_markup: {
      inline_keyboard: [
        [
          { text: 'Acknowledge', url: ACK },
          { text: 'Resolve', url: RESOLVE },
        ],
        [{ text: 'Open', url: VIEW }],
      ],
    },
  });
  const text = body.text as string;
  expect(text.startsWith('<b>[P1] api: HighErrorRate (2 alerts)</b>\n<i>Triggered</i>\n\n')).toBe(
    true,
  );
  expect(text).toContain('2.1s &amp; rising &lt;fast&gt;.');
});

it('uses the channel chat without a person, and is unreachable with neither', async () => {
  const anon = pageMessage({ recipient: undefined });
  expect(renderTelegram(anon, config({ chat_id: '@ops_channel' })).chat_id).toBe('@ops_channel');
  expect(telegramChannel.unreachable!(anon, config())).toMatch(/^no chat/);
  expect(telegramChannel.unreachable!(pageMessage(), config())).toBeUndefined();
  const result = await telegramChannel.attempt(anon, config(), OPTIONS);
  expect(result).toMatchObject({ outcome: 'failed', status: null });
  expect(server().received).toHaveLength(0);
});

it('keeps links to hosts Telegram refuses for buttons (localhost) in the text instead', () => {
  const local = pageMessage({ links: { view: 'http://localhost:8080/incidents/42' } });
  const body = renderTelegram(local, config());
  expect(body.reply_markup).toBeUndefined();
  expect(body.text).toContain('Open: http://localhost:8080/incidents/42');
});

it('stays within 4096 visible characters without splitting an entity', () => {
  const body = renderTelegram(pageMessage({ text: '<'.repeat(9000) }), config());
  const text = body.text as string;
  const visible = text
    .replace(/<\/?[bi]>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&amp;/g, '&')
    .replace(/&gt;/g, '>');
  expect(visible.length).toBeLessThanOrEqual(4096);
  expect(text).toMatch(/&lt;…$/);
});

it('reads retry_after from a 429 and never shows the bot token', async () => {
  server().reply = () => ({
    status: 429,
    body: '{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 14","parameters":{"retry_after":14}}',
  });
  const throttled = await telegramChannel.attempt(pageMessage(), config(), OPTIONS);
  expect(throttled).toMatchObject({ outcome: 'retry', status: 429, retryAfterMs: 14_000 });
  server().reply = (req) => ({
    status: 401,
    body: `{"ok":false,"error_code":401,"description":"Unauthorized ${req.path} ${TOKEN}"}`,
  });
  const denied = await telegramChannel.attempt(pageMessage(), config(), OPTIONS);
  expect(denied).toMatchObject({ outcome: 'failed', status: 401 });
  expect(denied.detail).not.toContain(TOKEN);
  expect(denied.detail).not.toContain('AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw');
});

it('never shows the token when the API cannot be reached', async () => {
  const unreachable = channelConfig('telegram', {
    bot_token: TOKEN,
    api_url: 'http://127.0.0.1:1',
  });
  const result = await telegramChannel.attempt(pageMessage(), unreachable, OPTIONS);
  expect(result.outcome).toBe('retry');
  expect(result.detail).not.toContain(TOKEN);
});
