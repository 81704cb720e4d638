/** The Teams kind: the workflow webhook's message + Adaptive Card, and its 202. */
import { expect, it } from 'vitest';
import { renderTeams, teamsChannel } from '../../../src/notify/channels/teams/index.js';
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
const FLOW_PATH =
  '/workflows/abc123/triggers/manual/paths/invoke?api-version=1&sig=flow-signature-1';
const config = () => channelConfig('teams', { url: `${server().url}${FLOW_PATH}` });

interface Card {
  $schema: string;
  type: string;
  version: string;
  body: { type: string; text?: string; color?: string; facts?: unknown[] }[];
  actions: unknown[];
}

it('posts a message whose attachment is an Adaptive Card 1.4, accepted with 202', async () => {
  server().status = 202;
  const result = await teamsChannel.attempt(pageMessage(), config(), OPTIONS);
  expect(result).toMatchObject({ outcome: 'delivered', status: 202 });
  const [req] = server().received;
  expect(req).toMatchObject({ method: 'POST', path: FLOW_PATH });
  const body = req!.body as {
    type: string;
    attachments: { contentType: string; contentUrl: null; content: Card }[];
  };
  expect(body.type).toBe('message');
  expect(body.attachments).toHaveLength(1);
  const [attachment] = body.attachments;
  expect(attachment!.contentType).toBe('application/vnd.microsoft.card.adaptive');
  expect(attachment!.contentUrl).toBeNull();
  const card = attachment!.content;
  expect(card).toMatchObject({
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
  });
  expect(card.body[0]).toMatchObject({
    type: 'TextBlock',
    text: '[P1] api: HighErrorRate (2 alerts)',
    color: 'attention',
  });
  expect(card.body.find((b) => b.type === 'FactSet')!.facts).toEqual([
    { title: 'Severity', value: 'P1 High' },
    { title: 'Service', value: 'api' },
    { title: 'Status', value: 'Triggered' },
    { title: 'Incident', value: '#42' },
    { title: 'For', value: 'Alice Liddell' },
  ]);
  expect(card.actions).toEqual([
    { type: 'Action.OpenUrl', title: 'Acknowledge', url: ACK },
    { type: 'Action.OpenUrl', title: 'Resolve', url: RESOLVE },
    { type: 'Action.OpenUrl', title: 'Open', url: VIEW },
  ]);
});

it('shows a resolution in green with only the Open action', () => {
  const card = (renderTeams(followUp('incident.resolved')).attachments as { content: Card }[])[0]!
    .content;
  expect(card.body[0]!.color).toBe('good');
  expect(card.body[1]!.text).toBe('Resolved by bob');
  expect(card.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Open', url: VIEW }]);
});

it('fails on a rejected card, retries a throttled flow, and hides the flow signature', async () => {
  server().reply = () => ({
    status: 400,
    body: `{"error":{"code":"InvalidRequestContent","message":"bad at ${FLOW_PATH}"}}`,
  });
  const rejected = await teamsChannel.attempt(pageMessage(), config(), OPTIONS);
  expect(rejected).toMatchObject({ outcome: 'failed', status: 400 });
  expect(rejected.detail).not.toContain('flow-signature-1');
  server().reply = () => ({ status: 429, headers: { 'retry-after': '10' } });
  expect(await teamsChannel.attempt(pageMessage(), config(), OPTIONS)).toMatchObject({
    outcome: 'retry',
    retryAfterMs: 10_000,
  });
});
