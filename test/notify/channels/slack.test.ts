/** The Slack kind: Block Kit wire format on a real receiver, Slack's answers, its limits. */
import { expect, it } from 'vitest';
import {
  escapeSlack,
  renderSlack,
  slackChannel,
} from '../../../src/notify/channels/slack/index.js';
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
const HOOK_PATH = '/services/T0001/B0001/XXXXsecretXXXX';
const config = () => channelConfig('slack', { url: `${server().url}${HOOK_PATH}` });

interface Block {
  type: string;
  text?: { type: string; text: string };
  fields?: { type: string; text: string }[];
  elements?: { type: string; text: unknown; url?: string; action_id?: string }[];
}

it('posts a Block Kit message with a fallback text, mention, fields and link buttons', async () => {
  const result = await slackChannel.attempt(pageMessage(), config(), OPTIONS);
  expect(result).toMatchObject({ outcome: 'delivered', status: 200 });
  const [req] = server().received;
  expect(req).toMatchObject({ method: 'POST', path: HOOK_PATH });
  expect(req!.headers['content-type']).toBe('application/json');
  const body = req!.body as { text: string; blocks: Block[] };
  expect(body.text).toBe('<@U024BE7LH> [P1] api: HighErrorRate (2 alerts)');
  expect(body.blocks.map((b) => b.type)).toEqual([
    'header',
    'section',
    'section',
    'context',
    'actions',
  ]);
  expect(body.blocks[0]!.text).toEqual({
    type: 'plain_text',
    text: '[P1] api: HighErrorRate (2 alerts)',
  });
  const section = body.blocks[1]!.text!;
  expect(section.type).toBe('mrkdwn');
  expect(section.text).toContain('<@U024BE7LH> *Triggered*');
  expect(section.text).toContain('2.1s &amp; rising &lt;fast&gt;.');
  expect(section.text).toContain('• firing HighErrorRate instance=api-1:8000');
  expect(body.blocks[2]!.fields!.map((f) => f.text)).toEqual([
    '*Severity*\nP1 High',
    '*Service*\napi',
    '*Status*\nTriggered',
    '*Incident*\n#42',
    '*For*\nAlice Liddell',
  ]);
  const opened = Date.parse('2026-11-20T10:00:00.000Z') / 1000;
  expect(JSON.stringify(body.blocks[3])).toContain(
    `<!date^${opened}^{date_short_pretty} {time}|2026-11-20T10:00:00.000Z>`,
  );
  expect(body.blocks[4]!.elements).toEqual([
    {
      type: 'button',
      text: { type: 'plain_text', text: 'Acknowledge' },
      url: ACK,
      action_id: 'opsdeck_acknowledge',
      style: 'primary',
    },
    {
      type: 'button',
      text: { type: 'plain_text', text: 'Resolve' },
      url: RESOLVE,
      action_id: 'opsdeck_resolve',
    },
    {
      type: 'button',
      text: { type: 'plain_text', text: 'Open' },
      url: VIEW,
      action_id: 'opsdeck_open',
    },
  ]);
});

it('offers only Open once the incident is acknowledged, and mentions nobody without a person', () => {
  const body = renderSlack({ ...followUp('incident.acknowledged'), recipient: undefined });
  const blocks = body.blocks as Block[];
  expect(blocks[4]!.elements!.map((e) => e.action_id)).toEqual(['opsdeck_open']);
  expect(blocks[1]!.text!.text.startsWith('*Acknowledged by bob*')).toBe(true);
  expect(body.text).not.toContain('<@');
});

it('escapes exactly &, < and >, and keeps texts within Block Kit limits', () => {
  expect(escapeSlack('a & b <c> "d"')).toBe('a &amp; b &lt;c&gt; "d"');
  const long = pageMessage({ title: 'T'.repeat(400), text: '&'.repeat(5000) });
  const blocks = renderSlack(long).blocks as Block[];
  expect(blocks[0]!.text!.text.length).toBe(150);
  const section = blocks[1]!.text!.text;
  expect(section.length).toBeLessThanOrEqual(3000);
  expect(section.endsWith('&amp;…')).toBe(true); // no half entity before the ellipsis
});

it('classifies Slack answers: no_service and archived are final, 429 waits, 500 retries', async () => {
  const answers: [number, string, Record<string, string>, string][] = [
    [404, 'no_service', {}, 'failed'],
    [410, 'channel_is_archived', {}, 'failed'],
    [400, 'invalid_payload', {}, 'failed'],
    [429, 'rate_limited', { 'retry-after': '3' }, 'retry'],
    [500, 'rollup_error', {}, 'retry'],
  ];
  for (const [status, body, headers, outcome] of answers) {
    server().reply = () => ({ status, body, headers });
    const result = await slackChannel.attempt(pageMessage(), config(), OPTIONS);
    expect(result).toMatchObject({ outcome, status, detail: `HTTP ${status}: ${body}` });
    if (status === 429) expect(result.retryAfterMs).toBe(3_000);
  }
});

it('never shows the webhook URL, even when the answer echoes it', async () => {
  server().reply = (req) => ({
    status: 404,
    body: `no_service for ${req.path} at http://hooks${req.path}`,
  });
  const result = await slackChannel.attempt(pageMessage(), config(), OPTIONS);
  expect(result.detail).not.toContain('XXXXsecretXXXX');
  expect(result.detail).toBe('HTTP 404: no_service for *** at <url>');
});
