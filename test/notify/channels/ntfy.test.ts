/** The ntfy kind: JSON publish to the server root, topics, priorities, actions, token auth. */
import { expect, it } from 'vitest';
import { ntfyChannel, ntfyPriority, renderNtfy } from '../../../src/notify/channels/ntfy/index.js';
import {
  ACK,
  channelConfig,
  followUp,
  OPTIONS,
  pageMessage,
  RESOLVE,
  useReceiver,
  VIEW,
} from './fixtures.js';

const server = useReceiver();
const config = (extra: Record<string, unknown> = {}) =>
  channelConfig('ntfy', { url: server().url, topic: 'ops-alerts', ...extra });

it('publishes JSON to the root URL, to the person’s own topic, with a bearer token', async () => {
  const result = await ntfyChannel.attempt(
    pageMessage(),
    config({ token: 'tk_ntfytoken123' }),
    OPTIONS,
  );
  expect(result).toMatchObject({ outcome: 'delivered', status: 200 });
  const [req] = server().received;
  expect(req).toMatchObject({ method: 'POST', path: '/' });
  expect(req!.headers.authorization).toBe('Bearer tk_ntfytoken123');
  const body = req!.body as Record<string, unknown>;
  expect(body).toMatchObject({
    topic: 'alice-pages',
    title: '[P1] api: HighErrorRate (2 alerts)',
    priority: 5,
    tags: ['rotating_light', 'P1', 'api'],
    click: VIEW,
    actions: [
      { action: 'view', label: 'Acknowledge', url: ACK, clear: true },
      { action: 'view', label: 'Resolve', url: RESOLVE, clear: true },
      { action: 'view', label: 'Open', url: VIEW, clear: false },
    ],
  });
  expect(body.message).toContain('Error rate is 7.2% on api');
});

it('publishes to the channel topic without a person, and sends no authorization without a token', async () => {
  await ntfyChannel.attempt(pageMessage({ recipient: undefined }), config(), OPTIONS);
  const [req] = server().received;
  expect((req!.body as { topic: string }).topic).toBe('ops-alerts');
  expect(req!.headers.authorization).toBeUndefined();
});

it('sets priority 5 for P0/P1, 4 for P2, 3 otherwise and for follow-ups', () => {
  const priorities = ['P0', 'P1', 'P2', 'P3', null].map((severity) =>
    ntfyPriority(pageMessage({ severity })),
  );
  expect(priorities).toEqual([5, 5, 4, 3, 3]);
  expect(ntfyPriority(followUp('incident.resolved'))).toBe(3);
  expect(renderNtfy(followUp('incident.acknowledged'), config()).tags).toEqual([
    'eyes',
    'P1',
    'api',
  ]);
});

it('keeps the message within 4096 bytes, multi-byte characters included', () => {
  const body = renderNtfy(pageMessage({ text: 'é€'.repeat(5000) }), config());
  expect(Buffer.byteLength(body.message as string)).toBeLessThanOrEqual(4096);
});

it('fails on a forbidden topic without showing the token', async () => {
  server().reply = (req) => ({
    status: 403,
    body: `{"code":40301,"http":403,"error":"forbidden","auth":"${String(req.headers.authorization)}"}`,
  });
  const result = await ntfyChannel.attempt(
    pageMessage(),
    config({ token: 'tk_ntfytoken123' }),
    OPTIONS,
  );
  expect(result).toMatchObject({ outcome: 'failed', status: 403 });
  expect(result.detail).not.toContain('tk_ntfytoken123');
});
