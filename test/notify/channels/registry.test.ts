/** The registry: every configured kind has a channel, and `attemptDelivery` dispatches by type. */
import { afterEach, expect, it, vi } from 'vitest';
import { CHANNEL_KINDS } from '../../../src/config/schema/channels.js';
import {
  attemptDelivery,
  channelDefaults,
  CHANNELS,
  unreachableReason,
} from '../../../src/notify/channels/index.js';
import { channelConfig, OPTIONS, pageMessage, useReceiver } from './fixtures.js';

const server = useReceiver();

afterEach(() => {
  vi.restoreAllMocks();
});

it('registers a channel with sane defaults for every kind of the config', () => {
  expect(Object.keys(CHANNELS).sort()).toEqual([...CHANNEL_KINDS].sort());
  for (const kind of CHANNEL_KINDS) {
    const { concurrency, rateLimit } = channelDefaults(kind);
    expect(concurrency).toBeGreaterThan(0);
    if (rateLimit) expect(rateLimit.max / rateLimit.perMs).toBeGreaterThan(0);
  }
  expect(channelDefaults('email').concurrency).toBe(4);
  expect(channelDefaults('slack').rateLimit).toEqual({ max: 1, perMs: 1000 });
  expect(channelDefaults('discord').rateLimit).toEqual({ max: 5, perMs: 2000 });
  expect(channelDefaults('telegram').rateLimit).toEqual({ max: 1, perMs: 1000 });
  expect(channelDefaults('teams').rateLimit).toEqual({ max: 4, perMs: 1000 });
  expect(channelDefaults('webhook').rateLimit).toBeNull();
});

it('delivers through the kind the config names', async () => {
  const slack = channelConfig('slack', { url: `${server().url}/slack` });
  const ntfy = channelConfig('ntfy', { url: `${server().url}/ntfy`, topic: 'ops' });
  expect(await attemptDelivery(pageMessage(), slack, OPTIONS)).toMatchObject({
    outcome: 'delivered',
  });
  expect(await attemptDelivery(pageMessage(), ntfy, OPTIONS)).toMatchObject({
    outcome: 'delivered',
  });
  const [toSlack, toNtfy] = server().received;
  expect(toSlack!.path).toBe('/slack');
  expect(toSlack!.body).toHaveProperty('blocks');
  expect(toNtfy!.path).toBe('/ntfy/');
  expect(toNtfy!.body).toHaveProperty('topic', 'alice-pages');
});

it('asks the kind whether a message can be delivered at all', () => {
  const telegram = channelConfig('telegram', { bot_token: '1:abcdefgh' });
  expect(unreachableReason(pageMessage({ recipient: undefined }), telegram)).toMatch(/^no chat/);
  expect(unreachableReason(pageMessage(), telegram)).toBeUndefined();
  const slack = channelConfig('slack', { url: `${server().url}/slack` });
  expect(unreachableReason(pageMessage(), slack)).toBeUndefined(); // Slack has no such check
});

it('turns a fault in a kind into a failed attempt instead of a rejection', async () => {
  vi.spyOn(CHANNELS.webhook, 'attempt').mockRejectedValue(
    new TypeError(`boom at ${server().url}/secret`),
  );
  const webhook = channelConfig('webhook', { url: `${server().url}/hook` });
  const result = await attemptDelivery(pageMessage(), webhook, OPTIONS);
  expect(result).toEqual({
    outcome: 'failed',
    status: null,
    detail: 'internal TypeError in the webhook channel',
  });
});
