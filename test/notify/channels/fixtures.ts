/**
 * Messages and channel configs for the channel-kind tests. Configs go through the real config
 * schema, so defaults (timeouts, API URLs) are what users get.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { channelKindSchemas, type ChannelKind } from '../../../src/config/schema/channels.js';
import type { ChannelConfigOf } from '../../../src/notify/channels/channel.js';
import { closeChannels } from '../../../src/notify/channels/index.js';
import type { NotificationMessage } from '../../../src/notify/message.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver.js';

export const VIEW = 'https://opsdeck.example.com/incidents/42';
export const ACK = 'https://opsdeck.example.com/a/ack-token-123';
export const RESOLVE = 'https://opsdeck.example.com/a/resolve-token-456';

/** A page for alice about incident #42: P1, two firing alerts, one-click links. */
export function pageMessage(overrides: Partial<NotificationMessage> = {}): NotificationMessage {
  return {
    event: 'incident.triggered',
    title: '[P1] api: HighErrorRate (2 alerts)',
    text: 'Error rate is 7.2% on api (threshold 5%).\nLatency p99 is 2.1s & rising <fast>.',
    severity: 'P1',
    status: 'triggered',
    incident: {
      id: 42,
      title: 'api: HighErrorRate',
      severity: 'P1',
      severityTitle: 'High',
      service: 'api',
      status: 'triggered',
      openedAt: '2026-11-20T10:00:00.000Z',
      step: 0,
      round: 0,
      actor: null,
      threadId: 'opsdeck-incident-42@opsdeck.example.com',
    },
    recipient: {
      id: 'alice',
      name: 'Alice Liddell',
      email: 'alice@example.com',
      slackUserId: 'U024BE7LH',
      discordUserId: '80351110224678912',
      telegramChatId: '123456789',
      ntfyTopic: 'alice-pages',
    },
    alerts: [alert('api-1:8000'), alert('api-2:8000')],
    links: { view: VIEW, acknowledge: ACK, resolve: RESOLVE },
    dedupKey: 'opsdeck-incident-42',
    ...overrides,
  };
}

/** The same incident, acknowledged (or resolved) by bob: no one-click links any more. */
export function followUp(
  event: 'incident.acknowledged' | 'incident.resolved' | 'incident.escalated',
  step = 0,
): NotificationMessage {
  const base = pageMessage();
  const status =
    event === 'incident.acknowledged'
      ? 'acknowledged'
      : event === 'incident.resolved'
        ? 'resolved'
        : 'triggered';
  const actor = event === 'incident.escalated' ? null : 'bob';
  return {
    ...base,
    event,
    status,
    incident: { ...base.incident!, status, actor, step },
    links: event === 'incident.escalated' ? base.links : { view: VIEW },
  };
}

export function alert(instance: string, status: 'firing' | 'resolved' = 'firing') {
  return {
    status,
    labels: { alertname: 'HighErrorRate', service: 'api', instance, severity: 'P1' },
    annotations: { summary: `Error rate high on ${instance}` },
    startsAt: '2026-11-20T09:58:00.000Z',
    endsAt: '0001-01-01T00:00:00Z',
    generatorURL: 'http://prometheus.example.com/graph',
    fingerprint: `fp-${instance}`,
  };
}

/** A channel config of `type`, parsed by the real schema. */
export function channelConfig<K extends ChannelKind>(
  type: K,
  fields: Record<string, unknown>,
): ChannelConfigOf<K> {
  return channelKindSchemas[type].parse({ type, ...fields }) as ChannelConfigOf<K>;
}

/** Attempt options used by most tests. */
export const OPTIONS = { timeoutMs: 2_000, idempotencyKey: 'notif-42-alice-1' };

/**
 * A real HTTP receiver for the file's tests: started before them, emptied and reset to answer
 * 200 before each, closed (with the channels' connections) after them.
 */
export function useReceiver(): () => WebhookReceiver {
  let receiver: WebhookReceiver | undefined;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await closeChannels();
    await receiver?.close();
  });
  beforeEach(() => {
    receiver!.received.length = 0;
    receiver!.reply = undefined;
    receiver!.status = 200;
  });
  return () => receiver!;
}
