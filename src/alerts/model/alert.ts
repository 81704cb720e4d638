/**
 * The one alert shape every detector produces (checks, heartbeats, metric rules, external
 * senders): Alertmanager's. Times are epoch milliseconds inside Opsdeck and RFC 3339 on the
 * wire.
 */
import type { LabelSet } from './labels.js';

/** An alert as a sender posts it, after parsing: times resolved, labels normalized. */
export interface AlertInput {
  labels: LabelSet;
  annotations: LabelSet;
  /** Epoch ms; when the sender gave none, the time it was received. */
  startsAt: number;
  /** Epoch ms; when the sender gave none, received + resolve_timeout (and `timeout` is set). */
  endsAt: number;
  /** True when `endsAt` was not given by the sender but derived from the resolve timeout. */
  timeout: boolean;
  generatorURL: string;
}

/** An alert held by Opsdeck. */
export interface Alert extends AlertInput {
  fingerprint: string;
  /** When it was last received (Alertmanager's `updatedAt`). */
  updatedAt: number;
  /** Where it came from: `check`, `rule`, or `integration:<id>` / `api`. */
  source: string;
}

/**
 * The end of an alert that has no end yet and must not time out (a down check, a PagerDuty
 * incident, an upstream Alertmanager's firing alert): it resolves only when its source says
 * so. 9999-12-31T23:59:59Z is the latest time every RFC 3339 consumer can parse.
 */
export const FOREVER = Date.UTC(9999, 11, 31, 23, 59, 59);

export function isResolved(alert: Pick<Alert, 'endsAt'>, now: number): boolean {
  return alert.endsAt <= now;
}

/**
 * Alertmanager's `Alert.Merge`: the newer update wins, except that the earliest start is kept,
 * an explicit end beats a timeout, and of two explicit resolutions the later one stays.
 */
export function mergeAlert(older: Alert, newer: Alert, now: number): Alert {
  if (newer.updatedAt < older.updatedAt) return mergeAlert(newer, older, now);
  const merged: Alert = { ...newer };
  if (older.startsAt < newer.startsAt) merged.startsAt = older.startsAt;
  if (isResolved(newer, now)) {
    if (isResolved(older, now) && older.endsAt > newer.endsAt) merged.endsAt = older.endsAt;
  } else if (older.endsAt > newer.endsAt && !older.timeout) {
    merged.endsAt = older.endsAt;
    merged.timeout = false;
  }
  return merged;
}

/**
 * Whether a received alert continues the held one (Alertmanager's `mem.Alerts.Put` rule: their
 * activity ranges overlap) or starts a new activity period that replaces it.
 */
export function overlaps(held: Alert, received: Alert): boolean {
  return (
    (received.endsAt > held.startsAt && received.endsAt < held.endsAt) ||
    (received.startsAt > held.startsAt && received.startsAt < held.endsAt)
  );
}
