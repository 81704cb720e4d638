/** The Discord kind: Execute Webhook with wait=true, the embed, mentions, limits and 429 bodies. */
import { expect, it } from 'vitest';
import { discordChannel, renderDiscord } from '../../../src/notify/channels/discord/index.js';
import { ACK, channelConfig, OPTIONS, pageMessage, useReceiver, VIEW } from './fixtures.js';

const server = useReceiver();
const HOOK_PATH = '/api/webhooks/1234567890/discord-webhook-token-xyz';
const config = (query = '') =>
  channelConfig('discord', { url: `${server().url}${HOOK_PATH}${query}` });

interface Embed {
  title: string;
  description: string;
  url: string;
  color: number;
  timestamp: string;
  fields: { name: string; value: string; inline: boolean }[];
}

it('executes the webhook with wait=true: content with the mention, one embed, allowed mentions', async () => {
  const result = await discordChannel.attempt(pageMessage(), config(), OPTIONS);
  expect(result).toMatchObject({ outcome: 'delivered', status: 200 });
  const [req] = server().received;
  expect(req).toMatchObject({ method: 'POST', path: `${HOOK_PATH}?wait=true` });
  const body = req!.body as { content: string; embeds: Embed[]; allowed_mentions: unknown };
  expect(body.content).toBe('<@80351110224678912> [P1] api: HighErrorRate (2 alerts)');
  expect(body.allowed_mentions).toEqual({ parse: [], users: ['80351110224678912'] });
  const [embed] = body.embeds;
  expect(embed).toMatchObject({
    title: '[P1] api: HighErrorRate (2 alerts)',
    url: VIEW,
    color: 0xc62828,
    timestamp: '2026-11-20T10:00:00.000Z',
  });
  expect(embed!.description).toContain('Error rate is 7.2% on api');
  expect(embed!.fields.at(-1)).toEqual({
    name: 'Links',
    value: `[Acknowledge](${ACK}) · [Resolve](https://opsdeck.example.com/a/resolve-token-456) · [Open](${VIEW})`,
    inline: false,
  });
});

it('keeps thread_id and other query parameters of the webhook URL', async () => {
  await discordChannel.attempt(pageMessage(), config('?thread_id=99'), OPTIONS);
  expect(server().received[0]!.path).toBe(`${HOOK_PATH}?thread_id=99&wait=true`);
});

it('pings nobody without a person: @everyone in alert text stays text', () => {
  const body = renderDiscord(pageMessage({ recipient: undefined, title: '@everyone disk full' }));
  expect(body.allowed_mentions).toEqual({ parse: [] });
  expect(body.content).toBe('[P1] @everyone disk full');
});

it('cuts title, description and content to Discord limits', () => {
  const body = renderDiscord(pageMessage({ title: 'x'.repeat(3000), text: 'y'.repeat(10_000) }));
  const [embed] = body.embeds as Embed[];
  expect((body.content as string).length).toBe(2000);
  expect(embed!.title.length).toBe(256);
  expect(embed!.description.length).toBeLessThanOrEqual(4096);
  const total =
    embed!.title.length +
    embed!.description.length +
    embed!.fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
  expect(total).toBeLessThanOrEqual(6000);
});

it('honours the 429 body retry_after (seconds, a float) over the header', async () => {
  server().reply = () => ({
    status: 429,
    headers: { 'retry-after': '1' },
    body: JSON.stringify({
      message: 'You are being rate limited.',
      retry_after: 0.529,
      global: false,
    }),
  });
  const result = await discordChannel.attempt(pageMessage(), config(), OPTIONS);
  expect(result).toMatchObject({ outcome: 'retry', status: 429, retryAfterMs: 529 });
});

it('fails on an unknown webhook without showing its token', async () => {
  server().reply = (req) => ({
    status: 404,
    body: `{"message": "Unknown Webhook", "code": 10015, "url": "${req.path}"}`,
  });
  const result = await discordChannel.attempt(pageMessage(), config(), OPTIONS);
  expect(result.outcome).toBe('failed');
  expect(result.detail).toContain('Unknown Webhook');
  expect(result.detail).not.toContain('discord-webhook-token-xyz');
});
