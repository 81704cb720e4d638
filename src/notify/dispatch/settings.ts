import type { ChannelConfig } from '../../config/index.js';
import type { ChannelDefaults } from '../channels/channel.js';
import type { RetrySettings } from './backoff.js';

/** How the dispatcher treats one channel: its config, with the kind's defaults filled in. */
export interface DeliverySettings {
  concurrency: number;
  /** At most `max` attempts per `perMs`; null for no limit. */
  rateLimit: { max: number; perMs: number } | null;
  retry: RetrySettings & { attempts: number };
  timeoutMs: number;
}

export function deliverySettings(
  channel: ChannelConfig,
  defaults: ChannelDefaults,
): DeliverySettings {
  const limit = channel.rate_limit;
  return {
    concurrency: channel.concurrency ?? defaults.concurrency,
    rateLimit: limit ? { max: limit.max, perMs: limit.per } : defaults.rateLimit,
    retry: channel.retry,
    timeoutMs: channel.timeout,
  };
}
