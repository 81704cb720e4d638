/**
 * Silences with Alertmanager's semantics (`silence/silence.go`): a set of matchers and a time
 * window. Times are epoch milliseconds inside Opsdeck.
 */
import type { Matcher } from '../matchers/matcher.js';

/** A stored silence. */
export interface Silence {
  /** UUID, as Alertmanager's. */
  id: string;
  matchers: Matcher[];
  startsAt: number;
  endsAt: number;
  createdBy: string;
  comment: string;
  createdAt: number;
  updatedAt: number;
}

/**
 * What a caller asks for (Alertmanager's postable silence). With `id`, an update of that
 * silence; without, a new one. A missing or past `startsAt` means now.
 */
export interface SilenceInput {
  id?: string | undefined;
  matchers: Matcher[];
  startsAt?: number | undefined;
  endsAt: number;
  createdBy: string;
  comment: string;
}

export const SILENCE_STATES = ['pending', 'active', 'expired'] as const;
export type SilenceState = (typeof SILENCE_STATES)[number];

/**
 * Alertmanager's `getState`, except that `endsAt` is exclusive: Go compares nanoseconds, so a
 * silence expired "now" is past its end a moment later; with milliseconds the same instant
 * would still read active, and an expired silence would mute for one more millisecond.
 */
export function silenceState(s: Pick<Silence, 'startsAt' | 'endsAt'>, now: number): SilenceState {
  if (now < s.startsAt) return 'pending';
  if (now >= s.endsAt) return 'expired';
  return 'active';
}

const STATE_ORDER: Record<SilenceState, number> = { active: 0, pending: 1, expired: 2 };

/**
 * Alertmanager's `SortSilences` (API v2 lists): active first, ending soonest first; then
 * pending, starting soonest first; then expired, most recently ended first.
 */
export function compareSilences(a: Silence, b: Silence, now: number): number {
  const sa = silenceState(a, now);
  const sb = silenceState(b, now);
  if (sa !== sb) return STATE_ORDER[sa] - STATE_ORDER[sb];
  if (sa === 'active') return a.endsAt - b.endsAt || cmp(a.id, b.id);
  if (sa === 'pending') return a.startsAt - b.startsAt || cmp(a.id, b.id);
  return b.endsAt - a.endsAt || cmp(a.id, b.id);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Alertmanager's list filter (`api/v2` `CheckSilenceMatchesFilterLabels`): the silence's
 * matchers read as a label set (name → value), and every filter matcher must match it, except
 * that an empty-valued filter is skipped when the name is absent (`=`, `=~`) or present
 * (`!=`, `!~`). `test` is the filter matcher compiled.
 */
export function silenceMatchesFilter(
  silence: Silence,
  filters: ReadonlyArray<Matcher & { test(labels: Record<string, string>): boolean }>,
): boolean {
  if (filters.length === 0) return true;
  const labels: Record<string, string> = {};
  for (const m of silence.matchers) labels[m.name] = m.value;
  for (const f of filters) {
    const present = Object.hasOwn(labels, f.name);
    const negative = f.type === '!=' || f.type === '!~';
    if (f.value === '' && (negative ? present : !present)) continue;
    if (!f.test(labels)) return false;
  }
  return true;
}

/** Same matchers in the same order (Alertmanager's `reflect.DeepEqual` in `canUpdate`). */
export function sameMatchers(a: readonly Matcher[], b: readonly Matcher[]): boolean {
  return (
    a.length === b.length &&
    a.every((m, i) => m.name === b[i]!.name && m.type === b[i]!.type && m.value === b[i]!.value)
  );
}

/**
 * Alertmanager's `canUpdate`: whether `next` may overwrite `prev` in place without rewriting
 * history. Otherwise the old one is expired (if still running) and `next` gets a new id.
 * Start times compare in whole seconds, as Alertmanager's `Unix()` does.
 */
export function canUpdateInPlace(
  prev: Silence,
  next: { matchers: readonly Matcher[]; startsAt: number; endsAt: number },
  now: number,
): boolean {
  if (!sameMatchers(prev.matchers, next.matchers)) return false;
  switch (silenceState(prev, now)) {
    case 'active':
      return (
        Math.floor(next.startsAt / 1000) === Math.floor(prev.startsAt / 1000) && next.endsAt >= now
      );
    case 'pending':
      return next.startsAt >= now;
    case 'expired':
      return false;
  }
}

/** How `Silences` runs; defaults suit production. */
export interface SilencesOptions {
  retentionMs?: number;
  /** How often storage is re-read and old silences deleted. */
  sweepIntervalMs?: number;
  /** The clock (tests move it). */
  now?: () => number;
  /** Told about failed sweeps and listeners that throw. */
  onError?: (error: unknown, what: string) => void;
}

/** What changed: ids created, updated, expired, started by time, or seen in a reload. */
export interface SilenceChange {
  ids: string[];
}
export type SilenceListener = (change: SilenceChange) => void;
