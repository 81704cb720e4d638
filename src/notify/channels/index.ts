/**
 * Every channel kind, one folder each. Exhaustive by type: adding a kind to the config's
 * `channelKindSchemas` fails compilation here until its channel is registered. The dispatcher
 * calls `attemptDelivery` once per attempt and owns retries, rate limits and the delivery log.
 */
import type { ChannelConfig, ChannelKind } from '../../config/index.js';
import type { NotificationMessage } from '../message.js';
import type { AttemptResult, Channel, ChannelConfigOf, ChannelDefaults } from './channel.js';
import { discordChannel } from './discord/index.js';
import { closeEmailPools, emailChannel } from './email/index.js';
import { closeHttp } from './http.js';
import { ntfyChannel } from './ntfy/index.js';
import { opsgenieChannel } from './opsgenie/index.js';
import { pagerdutyChannel } from './pagerduty/index.js';
import { slackChannel } from './slack/index.js';
import { teamsChannel } from './teams/index.js';
import { telegramChannel } from './telegram/index.js';
import { webhookChannel } from './webhook/index.js';

export type { AttemptResult, Channel, ChannelConfigOf, ChannelDefaults } from './channel.js';

export const CHANNELS: { [K in ChannelKind]: Channel<K> } = {
  webhook: webhookChannel,
  slack: slackChannel,
  teams: teamsChannel,
  discord: discordChannel,
  email: emailChannel,
  pagerduty: pagerdutyChannel,
  opsgenie: opsgenieChannel,
  ntfy: ntfyChannel,
  telegram: telegramChannel,
};

/** Options of one attempt: its deadline, and a key shared by every attempt of a notification. */
export interface AttemptOptions {
  timeoutMs: number;
  idempotencyKey: string;
}

function channelFor<K extends ChannelKind>(config: ChannelConfigOf<K>): Channel<K> {
  return CHANNELS[config.type as K];
}

/**
 * One attempt to deliver `message` through the channel `config` describes. Never rejects: a
 * fault in a kind's own code becomes a failed attempt (it would fail again the same way).
 */
export async function attemptDelivery(
  message: NotificationMessage,
  config: ChannelConfig,
  options: AttemptOptions,
): Promise<AttemptResult> {
  try {
    return await channelFor(config).attempt(message, config, options);
  } catch (error) {
    // The name only: a message could quote a URL or a token.
    const name = error instanceof Error ? error.name : 'error';
    return {
      outcome: 'failed',
      status: null,
      detail: `internal ${name} in the ${config.type} channel`,
    };
  }
}

/** Why `config` cannot deliver `message` at all (checked before the first attempt), or undefined. */
export function unreachableReason(
  message: NotificationMessage,
  config: ChannelConfig,
): string | undefined {
  return channelFor(config).unreachable?.(message, config);
}

/** The kind's delivery defaults (concurrency, rate limit) for settings the config leaves unset. */
export function channelDefaults(kind: ChannelKind): ChannelDefaults {
  return CHANNELS[kind].defaults;
}

/** Closes what channels keep open: SMTP pools and HTTP keep-alive connections. Idempotent. */
export async function closeChannels(): Promise<void> {
  closeEmailPools();
  await closeHttp();
}
