/**
 * The notifier's contracts: what callers enqueue, what a failed notification reports, and how
 * a notification reads back (API and `notify test`).
 */
import type { ChannelConfig, ChannelKind, OpsConfig } from '../../config/index.js';
import type { Store } from '../../store/index.js';
import type { Logger } from '../../telemetry/logger.js';
import type { Metrics } from '../../telemetry/metrics.js';
import type { AttemptResult, ChannelDefaults } from '../channels/channel.js';
import type { NotificationMessage } from '../message.js';

/** One notification to put in the outbox. */
export interface NewNotification {
  /** Channel id in `config.channels`. */
  channel: string;
  message: NotificationMessage;
  incidentId?: number | null | undefined;
  person?: string | null | undefined;
  /** Channel ids to try next (same person, same message) when this one fails for good. */
  fallback?: string[] | undefined;
  /** Epoch ms before which no attempt is made (a person's rule `after` delay). */
  notBefore?: number | undefined;
  /** Cancelled when its incident is acknowledged or resolved before the first attempt. */
  cancellable?: boolean | undefined;
}

/** A notification that failed for good (attempts exhausted, refused, or undeliverable). */
export interface FailedNotification {
  id: string;
  channel: string;
  /** The channel's kind, or null when the channel is no longer in the config. */
  channelKind: ChannelKind | null;
  event: string;
  incidentId: number | null;
  person: string | null;
  title: string;
  attempts: number;
  /** HTTP status or SMTP code of the last answer, if any. */
  lastStatus: number | null;
  detail: string;
  /** The channel the notification moved on to, or null when no fallback was left. */
  fallbackChannel: string | null;
}

/** One recorded attempt, as the API shows it. */
export interface AttemptView {
  attempt: number;
  /** ISO 8601 start of the attempt. */
  at: string;
  duration_ms: number;
  outcome: 'delivered' | 'retry' | 'failed';
  status_code: number | null;
  detail: string | null;
}

export type NotificationStatus = 'pending' | 'sending' | 'delivered' | 'failed' | 'cancelled';

/** A notification as the API lists it; times are ISO 8601. */
export interface NotificationSummary {
  id: string;
  channel: string;
  event: string;
  incident_id: number | null;
  person: string | null;
  title: string;
  status: NotificationStatus;
  attempts: number;
  fallback: string[];
  created_at: string;
  updated_at: string;
  /** When the next attempt is due (pending notifications only). */
  next_attempt_at: string | null;
  delivered_at: string | null;
  last_status: number | null;
  last_detail: string | null;
}

/** One notification with its whole attempt log. */
export interface NotificationView extends NotificationSummary {
  text: string;
  attempt_log: AttemptView[];
}

/** Sends one attempt; the channel registry's `attemptDelivery` in production. */
export type AttemptFn = (
  message: NotificationMessage,
  config: ChannelConfig,
  options: { timeoutMs: number; idempotencyKey: string },
) => Promise<AttemptResult>;

/** Why `config` can never deliver `message` (checked before the first attempt), or undefined. */
export type UnreachableFn = (
  message: NotificationMessage,
  config: ChannelConfig,
) => string | undefined;

export interface NotifierDeps {
  store: Store;
  logger: Logger;
  metrics: Metrics;
  /** The config in force; read at every delivery, so reloads apply to queued work. */
  config: () => OpsConfig;
  /** Called once per notification that failed for good, after that is committed. */
  onExhausted?: ((failed: FailedNotification) => void) | undefined;
  attempt?: AttemptFn | undefined;
  defaultsOf?: ((kind: ChannelKind) => ChannelDefaults) | undefined;
  unreachable?: UnreachableFn | undefined;
  now?: (() => number) | undefined;
  /** Names this instance in logs. */
  instanceId?: string | undefined;
  /** How often the sweeper claims due and abandoned rows (5 s; tests shorten it). */
  sweepIntervalMs?: number | undefined;
  /**
   * Take over every `sending` row at start instead of waiting for its lease: right only when
   * no other Opsdeck process is alive on the storage (the app asks `Instances`), so such rows
   * were left by a process that died.
   */
  takeOverAtStart?: boolean | undefined;
}
