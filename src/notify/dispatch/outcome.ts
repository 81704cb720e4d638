/** What an attempt's result means for its notification: the next state and the writes for it. */
import type { Kysely } from 'kysely';
import type { BatchStatement } from '../../store/index.js';
import type { Database } from '../../store/schema.js';
import type { ChannelConfig } from '../../config/index.js';
import type { AttemptResult } from '../channels/channel.js';
import { retryDelay } from './backoff.js';
import type { Held, NewRow } from './rows.js';
import type { DeliverySettings } from './settings.js';
import type { FailedNotification } from './types.js';
import {
  fallbackId,
  fallbackInsert,
  finishRow,
  type AttemptRow,
  type FinishRow,
} from './statements.js';

/** The longest detail kept per attempt (channels already trim theirs; this is the backstop). */
const DETAIL_MAX = 500;

export interface AttemptMade {
  /** Epoch ms the attempt started. */
  at: number;
  durationMs: number;
}

export interface OutcomePlan {
  kind: 'delivered' | 'retry' | 'failed';
  /** Attempts made, this one included. */
  attempts: number;
  /** When the retry is due. */
  nextAt: number | null;
  /** The notification taking over on the next fallback channel. */
  fallback: NewRow | null;
  detail: string;
  /** The row's move to its next state (committed in bulk with the other outcomes). */
  finish: FinishRow;
  /** Written after the finishes: the fallback insert, which checks its parent failed. */
  statements: BatchStatement[];
  attemptRow: AttemptRow | null;
}

/**
 * Plans the outcome of `result` for `h`. `attempt` is null when no attempt was made (channel
 * gone from the config, recipient unreachable): the notification fails without one.
 * `settings` is undefined when the channel is gone.
 */
export function planOutcome(
  db: Kysely<Database>,
  h: Held,
  result: AttemptResult,
  attempt: AttemptMade | null,
  settings: DeliverySettings | undefined,
  now: number,
  random: () => number = Math.random,
): OutcomePlan {
  const attempts = attempt ? h.attempts + 1 : h.attempts;
  const detail = result.detail.slice(0, DETAIL_MAX);
  const canRetry = attempt !== null && settings !== undefined && attempts < settings.retry.attempts;
  const kind = result.outcome === 'retry' ? (canRetry ? 'retry' : 'failed') : result.outcome;
  const nextAt =
    kind === 'retry'
      ? now + retryDelay(attempts, settings!.retry, result.retryAfterMs, random)
      : null;
  const fallback = kind === 'failed' && h.fallback.length > 0 ? fallbackRow(h, now) : null;
  const finish = finishRow(h, {
    status: kind === 'retry' ? 'pending' : kind,
    attempts,
    nextAttemptAt: nextAt,
    lastStatus: result.status,
    lastDetail: detail,
    now,
  });
  const statements = fallback ? [fallbackInsert(db, fallback, h.id, attempts)] : [];
  const attemptRow: AttemptRow | null = attempt
    ? [h.id, attempts, attempt.at, attempt.durationMs, result.outcome, result.status, detail]
    : null;
  return { kind, attempts, nextAt, fallback, detail, finish, statements, attemptRow };
}

/** The same message for the same person on the next channel, due now. */
function fallbackRow(h: Held, now: number): NewRow {
  return {
    id: fallbackId(h.id),
    channel: h.fallback[0]!,
    event: h.event,
    incident_id: h.incidentId,
    person: h.person,
    message: JSON.stringify(h.message),
    fallback: JSON.stringify(h.fallback.slice(1)),
    status: 'pending',
    cancellable: h.cancellable ? 1 : 0,
    attempts: 0,
    next_attempt_at: now,
    lease_until: null,
    created_at: now,
    updated_at: now,
  };
}

/** What `onExhausted` is told about a notification that failed for good. */
export function failedNotification(
  h: Held,
  plan: OutcomePlan,
  config: ChannelConfig | undefined,
  lastStatus: number | null,
): FailedNotification {
  return {
    id: h.id,
    channel: h.channel,
    channelKind: config?.type ?? null,
    event: h.event,
    incidentId: h.incidentId,
    person: h.person,
    title: h.message.title,
    attempts: plan.attempts,
    lastStatus,
    detail: plan.detail,
    fallbackChannel: plan.fallback?.channel ?? null,
  };
}
