/**
 * The contract of a channel kind. `src/notify/channels/index.ts` holds the exhaustive registry
 * `Record<ChannelKind, Channel>`; a new kind is one folder here plus one line there (and one
 * entry in the config's `channelKindSchemas`).
 */
import type { ChannelConfig, ChannelKind } from '../../config/index.js';
import type { NotificationMessage } from '../message.js';

/** The config of one kind, e.g. `ChannelConfigOf<'slack'>`. */
export type ChannelConfigOf<K extends ChannelKind> = Extract<ChannelConfig, { type: K }>;

/**
 * How one attempt ended:
 * - `delivered`: the receiver accepted it (2xx, SMTP 250);
 * - `retry`: worth another attempt (network error, timeout, 5xx, 429, SMTP 4xx), after
 *   `retryAfterMs` when the receiver said so (Retry-After, Telegram's `retry_after`);
 * - `failed`: the receiver refused this message and will again (other 4xx, SMTP 5xx, a
 *   recipient without an address for this channel).
 */
export interface AttemptResult {
  outcome: 'delivered' | 'retry' | 'failed';
  /** HTTP status or SMTP reply code; null when no answer came. */
  status: number | null;
  /** What went wrong, or the start of the receiver's answer (at most 500 characters, no secrets). */
  detail: string;
  retryAfterMs?: number | undefined;
}

/** Delivery defaults of a kind, used where the channel config leaves them unset. */
export interface ChannelDefaults {
  concurrency: number;
  /** At most `max` per `perMs`; null for no limit. */
  rateLimit: { max: number; perMs: number } | null;
}

export interface Channel<K extends ChannelKind = ChannelKind> {
  defaults: ChannelDefaults;
  /**
   * One attempt: renders `message` for this kind and sends it, never throwing: every outcome
   * is an AttemptResult. `timeoutMs` bounds the whole attempt. `idempotencyKey` is the same on
   * every attempt of one notification (sent as a header where the kind allows).
   */
  attempt(
    message: NotificationMessage,
    config: ChannelConfigOf<K>,
    options: { timeoutMs: number; idempotencyKey: string },
  ): Promise<AttemptResult>;
  /**
   * Why this channel cannot deliver `message` at all (e.g. an email channel without `to` and a
   * message for no person), or undefined. Checked before the first attempt.
   */
  unreachable?(message: NotificationMessage, config: ChannelConfigOf<K>): string | undefined;
}
