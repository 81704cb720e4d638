/** The Opsgenie kind: create, acknowledge and close by alias, GenieKey auth, regions, limits. */
import { expect, it } from 'vitest';
import {
  opsgenieChannel,
  opsgenieRequest,
  renderOpsgenie,
} from '../../../src/notify/channels/opsgenie/index.js';
import { channelConfig, followUp, OPTIONS, pageMessage, useReceiver, VIEW } from './fixtures.js';

const server = useReceiver();
const API_KEY = 'eb243592-faa2-4ba2-a551q-1afdf565c889';
const config = () => channelConfig('opsgenie', { api_key: API_KEY, url: server().url });
const ACCEPTED = {
  status: 202,
  body: '{"result":"Request will be processed","took":0.302,"requestId":"43a29c5c"}',
};

it('creates an alert: alias = dedup key, responder = the person, priority one step down', async () => {
  server().reply = () => ACCEPTED;
  const result = await opsgenieChannel.attempt(pageMessage(), config(), OPTIONS);
  expect(result).toMatchObject({ outcome: 'delivered', status: 202 });
  const [req] = server().received;
  expect(req).toMatchObject({ method: 'POST', path: '/v2/alerts' });
  expect(req!.headers.authorization).toBe(`GenieKey ${API_KEY}`);
  const body = req!.body as Record<string, unknown>;
  expect(body).toMatchObject({
    message: '[P1] api: HighErrorRate (2 alerts)',
    alias: 'opsdeck-incident-42',
    responders: [{ type: 'user', username: 'alice@example.com' }],
    tags: ['opsdeck', 'P1', 'api', 'HighErrorRate'],
    details: { opsdeck: VIEW, incident: '#42', service: 'api' },
    entity: 'api',
    source: 'Opsdeck',
    priority: 'P2',
  });
  expect(body.description).toContain('Error rate is 7.2% on api');
});

it('acknowledges and closes by alias, naming who did it', async () => {
  await opsgenieChannel.attempt(followUp('incident.acknowledged'), config(), OPTIONS);
  await opsgenieChannel.attempt(followUp('incident.resolved'), config(), OPTIONS);
  const [ack, close] = server().received;
  expect(ack).toMatchObject({
    method: 'POST',
    path: '/v2/alerts/opsdeck-incident-42/acknowledge?identifierType=alias',
  });
  expect(ack!.body).toMatchObject({ user: 'bob', source: 'Opsdeck' });
  expect((ack!.body as { note: string }).note).toBe(`Acknowledged by bob in Opsdeck: ${VIEW}`);
  expect(close).toMatchObject({
    path: '/v2/alerts/opsdeck-incident-42/close?identifierType=alias',
  });
  expect(close!.headers.authorization).toBe(`GenieKey ${API_KEY}`);
});

it('maps P0 to P1 and unknown severities to the default P3', () => {
  const priorityOf = (severity: string | null) =>
    renderOpsgenie(pageMessage({ severity })).body.priority;
  expect(['P0', 'P1', 'P2', 'P3', null].map(priorityOf)).toEqual(['P1', 'P2', 'P3', 'P4', 'P3']);
});

it('picks the region base URL unless url is set, and escapes the alias in paths', () => {
  const eu = channelConfig('opsgenie', { api_key: API_KEY, region: 'eu' });
  expect(opsgenieRequest(pageMessage(), eu).url).toBe('https://api.eu.opsgenie.com/v2/alerts');
  const us = channelConfig('opsgenie', { api_key: API_KEY });
  const ack = opsgenieRequest({ ...followUp('incident.acknowledged'), dedupKey: 'group/a b' }, us);
  expect(ack.url).toBe(
    'https://api.opsgenie.com/v2/alerts/group%2Fa%20b/acknowledge?identifierType=alias',
  );
});

it('keeps message, alias and description within Opsgenie limits', () => {
  const { body } = renderOpsgenie(
    pageMessage({ title: 'm'.repeat(500), text: 'd'.repeat(20_000), dedupKey: 'a'.repeat(600) }),
  );
  expect((body.message as string).length).toBe(130);
  expect((body.description as string).length).toBe(15_000);
  expect(body.alias).toMatch(/^sha256:[0-9a-f]{64}$/);
});

it('fails on a bad key (without showing it) and retries when throttled', async () => {
  server().reply = () => ({
    status: 401,
    body: `{"message":"Key ${API_KEY} is invalid","took":0.0}`,
  });
  const denied = await opsgenieChannel.attempt(pageMessage(), config(), OPTIONS);
  expect(denied).toMatchObject({ outcome: 'failed', status: 401 });
  expect(denied.detail).not.toContain(API_KEY);
  server().reply = () => ({ status: 429, headers: { 'retry-after': '2' } });
  expect(await opsgenieChannel.attempt(pageMessage(), config(), OPTIONS)).toMatchObject({
    outcome: 'retry',
    retryAfterMs: 2_000,
  });
});
