/**
 * Durations in the Prometheus grammar (`30s`, `5m`, `1h30m`, `7d`, `1w`, `1y`, `500ms`).
 *
 * Written by hand because no library implements Prometheus' grammar exactly: units must appear
 * from largest to smallest, each at most once, with integer amounts only (no `1.5h`), and a
 * bare `0` is allowed. Users copy durations between Alertmanager, Prometheus and Opsdeck, so
 * the same strings must mean the same thing everywhere.
 */

import { AppError } from '../errors.js';

const UNITS = [
  ['y', 365 * 24 * 60 * 60 * 1000],
  ['w', 7 * 24 * 60 * 60 * 1000],
  ['d', 24 * 60 * 60 * 1000],
  ['h', 60 * 60 * 1000],
  ['m', 60 * 1000],
  ['s', 1000],
  ['ms', 1],
] as const;

/** Source of the regular expression a duration string must match (also used in the JSON Schema). */
export const DURATION_PATTERN =
  '^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$';

const DURATION_RE = new RegExp(DURATION_PATTERN);

/**
 * Parses a Prometheus-style duration into milliseconds.
 * Returns `undefined` when the text is not a valid duration, so callers choose their own message.
 */
export function tryParseDuration(text: string): number | undefined {
  if (text === '' || !DURATION_RE.test(text)) return undefined;
  if (text === '0') return 0;
  const match = DURATION_RE.exec(text);
  if (!match) return undefined;
  let total = 0;
  UNITS.forEach(([, factor], index) => {
    // Each unit occupies two capture groups after the leading `0|` alternative: the amount is
    // the inner one, at 3, 5, 7, …
    const amount = match[3 + index * 2];
    if (amount !== undefined) total += Number(amount) * factor;
  });
  return Number.isSafeInteger(total) ? total : undefined;
}

/**
 * Parses a Prometheus-style duration (`1h30m`) into milliseconds.
 * @throws AppError `bad_request` with a readable message when the text is not a valid duration.
 */
export function parseDuration(text: string): number {
  const ms = tryParseDuration(text);
  if (ms === undefined) {
    throw new AppError(
      'bad_request',
      `invalid duration '${text}': expected a duration like 30s, 5m, 1h30m or 7d (units y, w, d, h, m, s, ms, largest first)`,
    );
  }
  return ms;
}

/**
 * Formats milliseconds as the shortest Prometheus-style duration, e.g. `5400000` → `1h30m`.
 * `0` formats as `0s`, like Prometheus does. The result always round-trips through `parseDuration`.
 * @throws RangeError for negative, fractional or unsafe numbers.
 */
export function formatDuration(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms < 0) {
    throw new RangeError(`cannot format ${ms} as a duration: expected a non-negative integer`);
  }
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  for (const [unit, factor] of UNITS) {
    const amount = Math.floor(rest / factor);
    if (amount > 0) {
      out += `${amount}${unit}`;
      rest -= amount * factor;
    }
  }
  return out;
}
