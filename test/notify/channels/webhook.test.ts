/**
 * The webhook kind against a real receiver: Alertmanager's payload for alert groups, Opsdeck's
 * JSON for the rest, the HMAC signature over the exact bytes received, and one attempt only.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { expect, it } from 'vitest';
import { renderWebhook, webhookChannel } from '../../../src/notify/channels/webhook/index.js';
import { channelConfig, OPTIONS, pageMessage, useReceiver } from './fixtures.js';

const SECRET = 'webhook-signing-secret';
const server = useReceiver();

const config = (extra: Record<string, unknown> = {}) =>
  channelConfig('webhook', { url: `${server().url}/hook`, ...extra });

it('sends an alert group as the Alertmanager payload, unchanged', async () => {
  const group = { receiver: 'hook', status: 'firing', alerts: [], version: '4', groupKey: '{}:{}' };
  const message = pageMessage({ event: 'alert.group', incident: undefined, group });
  const result = await webhookChannel.attempt(message, config(), OPTIONS);
  expect(result).toMatchObject({ outcome: 'delivered', status: 200 });
  expect(server().received[0]!.body).toEqual(group);
  expect(server().received[0]!.headers['x-opsdeck-event']).toBe('alert.group');
});

it('sends every other event as Opsdeck JSON version 1', async () => {
  const message = pageMessage();
  await webhookChannel.attempt(message, config(), OPTIONS);
  const [req] = server().received;
  expect(req!.method).toBe('POST');
  expect(req!.path).toBe('/hook');
  expect(req!.body).toEqual({
    version: '1',
    event: 'incident.triggered',
    title: message.title,
    text: message.text,
    severity: 'P1',
    status: 'triggered',
    incident: message.incident,
    recipient: message.recipient,
    alerts: message.alerts,
    links: message.links,
    dedupKey: 'opsdeck-incident-42',
  });
  expect(req!.headers).toMatchObject({
    'content-type': 'application/json',
    'x-opsdeck-event': 'incident.triggered',
    'idempotency-key': OPTIONS.idempotencyKey,
  });
  expect(req!.headers['x-opsdeck-signature']).toBeUndefined();
  expect(renderWebhook(message)).toEqual(req!.body);
});

it('signs the exact bytes with HMAC-SHA256 when the channel has a secret', async () => {
  await webhookChannel.attempt(pageMessage(), config({ secret: SECRET }), OPTIONS);
  const [req] = server().received;
  const header = String(req!.headers['x-opsdeck-signature']);
  expect(header).toMatch(/^sha256=[0-9a-f]{64}$/);
  const expected = createHmac('sha256', SECRET).update(req!.raw).digest();
  expect(timingSafeEqual(Buffer.from(header.slice('sha256='.length), 'hex'), expected)).toBe(true);
  const forged = createHmac('sha256', 'other-secret').update(req!.raw).digest();
  expect(timingSafeEqual(Buffer.from(header.slice(7), 'hex'), forged)).toBe(false);
});

it('adds the configured headers, which cannot replace the signature or event', async () => {
  const headers = {
    'X-Team': 'sre',
    'X-Opsdeck-Signature': 'forged',
    Authorization: 'Bearer hook-token-1',
  };
  await webhookChannel.attempt(pageMessage(), config({ secret: SECRET, headers }), OPTIONS);
  const [req] = server().received;
  expect(req!.headers['x-team']).toBe('sre');
  expect(req!.headers.authorization).toBe('Bearer hook-token-1');
  expect(req!.headers['x-opsdeck-signature']).not.toBe('forged');
});

it('makes exactly one attempt, whatever the answer', async () => {
  server().status = 503;
  const result = await webhookChannel.attempt(pageMessage(), config(), OPTIONS);
  expect(result).toMatchObject({ outcome: 'retry', status: 503 });
  expect(server().received).toHaveLength(1);
});

it('keeps the secret and the header values out of details', async () => {
  server().reply = (req) => ({
    status: 400,
    body: `rejected ${req.raw} ${String(req.headers.authorization)} ${SECRET}`,
  });
  const result = await webhookChannel.attempt(
    pageMessage(),
    config({ secret: SECRET, headers: { Authorization: 'Bearer hook-token-1' } }),
    OPTIONS,
  );
  expect(result.outcome).toBe('failed');
  expect(result.detail).not.toContain(SECRET);
  expect(result.detail).not.toContain('hook-token-1');
  expect(result.detail.length).toBeLessThanOrEqual(500);
});
