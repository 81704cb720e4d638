/** The PagerDuty kind: Events API v2 trigger, acknowledge and resolve, and PagerDuty's answers. */
import { expect, it } from 'vitest';
import {
  pagerdutyChannel,
  pagerdutyDedupKey,
  renderPagerDuty,
} from '../../../src/notify/channels/pagerduty/index.js';
import { channelConfig, followUp, OPTIONS, pageMessage, useReceiver, VIEW } from './fixtures.js';

const server = useReceiver();
const KEY = 'R0UT1NGKEY0123456789abcdefabcdef';
const config = () =>
  channelConfig('pagerduty', { routing_key: KEY, url: `${server().url}/v2/enqueue` });
const ACCEPTED = {
  status: 202,
  body: '{"status":"success","message":"Event processed","dedup_key":"opsdeck-incident-42"}',
};

it('triggers with the PD-CEF payload, accepted with 202', async () => {
  server().reply = () => ACCEPTED;
  const result = await pagerdutyChannel.attempt(pageMessage(), config(), OPTIONS);
  expect(result).toMatchObject({ outcome: 'delivered', status: 202 });
  const [req] = server().received;
  expect(req).toMatchObject({ method: 'POST', path: '/v2/enqueue' });
  expect(req!.headers['content-type']).toBe('application/json');
  expect(req!.body).toEqual({
    routing_key: KEY,
    event_action: 'trigger',
    dedup_key: 'opsdeck-incident-42',
    payload: {
      summary: '[P1] api: HighErrorRate (2 alerts)',
      source: 'api',
      severity: 'critical',
      timestamp: '2026-11-20T10:00:00.000Z',
      component: 'api',
      class: 'HighErrorRate',
      custom_details: {
        text: pageMessage().text,
        alerts: [
          'firing HighErrorRate instance=api-1:8000',
          'firing HighErrorRate instance=api-2:8000',
        ],
        incident: '#42',
        paged: 'Alice Liddell',
      },
    },
    links: [{ href: VIEW, text: 'Open in Opsdeck' }],
    client: 'Opsdeck',
    client_url: VIEW,
  });
});

it('acknowledges and resolves with only the routing key, the action and the dedup key', () => {
  expect(renderPagerDuty(followUp('incident.acknowledged'), config())).toEqual({
    routing_key: KEY,
    event_action: 'acknowledge',
    dedup_key: 'opsdeck-incident-42',
  });
  expect(renderPagerDuty(followUp('incident.resolved'), config())).toEqual({
    routing_key: KEY,
    event_action: 'resolve',
    dedup_key: 'opsdeck-incident-42',
  });
  const resolvedGroup = pageMessage({
    event: 'alert.group',
    status: 'resolved',
    incident: undefined,
  });
  expect(renderPagerDuty(resolvedGroup, config()).event_action).toBe('resolve');
});

it('maps severities: P0/P1 critical, P2 warning, P3 info, unknown error', () => {
  const severityOf = (severity: string | null) =>
    (renderPagerDuty(pageMessage({ severity }), config()).payload as { severity: string }).severity;
  expect(['P0', 'P1', 'P2', 'P3', 'P9', null].map(severityOf)).toEqual([
    'critical',
    'critical',
    'warning',
    'info',
    'error',
    'error',
  ]);
});

it('keeps summary and dedup key within PagerDuty limits', () => {
  const body = renderPagerDuty(
    pageMessage({ title: 's'.repeat(2000), dedupKey: 'k'.repeat(300) }),
    config(),
  );
  expect((body.payload as { summary: string }).summary.length).toBe(1024);
  expect(body.dedup_key).toMatch(/^sha256:[0-9a-f]{64}$/);
  expect(pagerdutyDedupKey('k'.repeat(300))).toBe(body.dedup_key); // stable: ack finds the trigger
});

it('fails on an invalid event, retries 429 and 5xx, never shows the routing key', async () => {
  server().reply = () => ({
    status: 400,
    body: `{"status":"invalid event","message":"Event object is invalid","errors":["bad key ${KEY}"]}`,
  });
  const invalid = await pagerdutyChannel.attempt(pageMessage(), config(), OPTIONS);
  expect(invalid).toMatchObject({ outcome: 'failed', status: 400 });
  expect(invalid.detail).toContain('Event object is invalid');
  expect(invalid.detail).not.toContain(KEY);
  server().reply = () => ({ status: 429 });
  expect((await pagerdutyChannel.attempt(pageMessage(), config(), OPTIONS)).outcome).toBe('retry');
  server().reply = () => ({ status: 502 });
  expect((await pagerdutyChannel.attempt(pageMessage(), config(), OPTIONS)).outcome).toBe('retry');
});
