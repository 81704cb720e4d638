import { describe, expect, it } from 'vitest';
import { opsConfigSchema } from '../../config/schema/index.js';
import { renderDiscord } from '../../notify/channels/discord/index.js';
import { renderEmail } from '../../notify/channels/email/render.js';
import { renderNtfy } from '../../notify/channels/ntfy/index.js';
import { renderOpsgenie } from '../../notify/channels/opsgenie/index.js';
import { renderPagerDuty } from '../../notify/channels/pagerduty/index.js';
import { lifecycleAction, statusWords } from '../../notify/channels/render.js';
import { renderSlack } from '../../notify/channels/slack/index.js';
import { teamsCard } from '../../notify/channels/teams/index.js';
import { renderTelegram } from '../../notify/channels/telegram/index.js';
import { renderWebhook } from '../../notify/channels/webhook/index.js';
import type { ChannelConfigOf } from '../../notify/channels/channel.js';
import type { NotificationMessage } from '../../notify/message.js';
import { reminderChannels, reminderNotifications } from './reminder-message.js';

const config = opsConfigSchema.parse({
  server: { public_url: 'https://ops.example.com/' },
  people: {
    alice: {
      name: 'Alice',
      email: 'alice@example.com',
      notify: { default: ['pd', 'mail', 'chat', 'mail'], P0: ['pd'] },
    },
    bob: { name: 'Bob', notify: { P0: ['pd', 'chat'], P1: ['phone', 'mail'] } },
    carol: { name: 'Carol', notify: { default: ['pd', 'genie'], P2: ['chat'] } },
    dave: { name: 'Dave' },
  },
  channels: {
    pd: { type: 'pagerduty', routing_key: 'R0123456789abcdef0123456789abcdef' },
    genie: { type: 'opsgenie', api_key: 'k' },
    mail: { type: 'email', from: 'ops@example.com', host: 'smtp.example.com' },
    chat: { type: 'slack', url: 'https://hooks.slack.com/services/T/B/x' },
    phone: { type: 'ntfy', url: 'https://ntfy.example.com', topic: 'ops' },
  },
});

const DUE = Date.parse('2026-03-04T10:00:00Z');
const incident = {
  id: 12,
  title: 'Checkout errors',
  severity: 'P1',
  service: 'api',
  status: 'resolved',
  opened_at: DUE - 50 * 3_600_000,
};

function reminder(now: number): NotificationMessage {
  return reminderNotifications(config, incident, 'alice', ['mail'], DUE, now)[0]!.message;
}

describe('post-mortem reminder channels', () => {
  it("uses the owner's default rules without pagers or repeats", () => {
    expect(reminderChannels(config, 'alice')).toEqual(['mail', 'chat']);
  });

  it('falls back to every other rule list, still without pagers', () => {
    expect(reminderChannels(config, 'bob')).toEqual(['chat', 'phone', 'mail']);
    expect(reminderChannels(config, 'carol')).toEqual(['chat']);
  });

  it('finds none for a person without usable rules or not in the config', () => {
    expect(reminderChannels(config, 'dave')).toEqual([]);
    expect(reminderChannels(config, 'mallory')).toEqual([]);
  });
});

describe('post-mortem reminder message', () => {
  it('is one notification per channel, for the owner, about the incident', () => {
    const items = reminderNotifications(
      config,
      incident,
      'alice',
      ['mail', 'chat'],
      DUE,
      DUE - 3_600_000,
    );
    expect(items.map((i) => [i.channel, i.person, i.incidentId, i.cancellable])).toEqual([
      ['mail', 'alice', 12, undefined],
      ['chat', 'alice', 12, undefined],
    ]);
    const m = items[0]!.message;
    expect(m).toMatchObject({
      event: 'postmortem.due',
      title: '[P1] Post-mortem due #12: Checkout errors',
      postmortem: { dueAt: '2026-03-04T10:00:00.000Z', overdue: false },
      links: { view: 'https://ops.example.com/api/v1/incidents/12/postmortem' },
      recipient: { id: 'alice', email: 'alice@example.com' },
      dedupKey: 'opsdeck-postmortem-12-alice',
    });
    expect(m.links.acknowledge).toBeUndefined();
    expect(m.text).toContain('The post-mortem is due 2026-03-04 10:00 UTC (in 1h).');
    expect(statusWords(m)).toBe('Post-mortem due 2026-03-04 10:00 UTC');
  });

  it('says overdue once the due time passed', () => {
    const m = reminder(DUE + 26 * 3_600_000);
    expect(m.title).toBe('[P1] Post-mortem overdue #12: Checkout errors');
    expect(m.text).toContain('was due 2026-03-04 10:00 UTC (1d 2h ago)');
    expect(statusWords(m)).toBe('Post-mortem overdue (was due 2026-03-04 10:00 UTC)');
  });

  it('reads as a quiet reminder with a link in every channel kind', () => {
    const m = reminder(DUE + 1);
    const link = m.links.view;
    const email = renderEmail(m, config.channels.mail as ChannelConfigOf<'email'>);
    expect(email.subject).toBe('[P1] Post-mortem overdue #12: Checkout errors');
    expect(email.priority).toBe('normal');
    expect(email.text).toContain(`Open: ${link}`);
    expect(email.inReplyTo).toBe('<opsdeck-incident-12@ops.example.com>');
    expect(JSON.stringify(renderSlack(m))).toContain(link);
    expect(JSON.stringify(renderSlack(m))).toContain('Post-mortem overdue');
    expect(JSON.stringify(teamsCard(m))).toContain('"color":"warning"');
    expect(JSON.stringify(renderDiscord(m))).toContain(link);
    const ntfy = renderNtfy(m, config.channels.phone as ChannelConfigOf<'ntfy'>);
    expect(ntfy).toMatchObject({ priority: 3, click: link });
    expect(ntfy.tags).toContain('memo');
    const telegram = renderTelegram(m, { type: 'telegram', bot_token: 't', chat_id: '1' } as never);
    expect(JSON.stringify(telegram)).toContain(link);
    expect(renderWebhook(m)).toMatchObject({
      event: 'postmortem.due',
      postmortem: { overdue: true },
      links: { view: link },
    });
    // Should one ever reach a pager, it opens nothing there.
    expect(lifecycleAction(m)).toBe('resolve');
    const pd = renderPagerDuty(m, config.channels.pd as ChannelConfigOf<'pagerduty'>);
    expect(pd.event_action).toBe('resolve');
    expect(renderOpsgenie(m).path).toMatch(/\/close\?identifierType=alias$/);
  });
});
