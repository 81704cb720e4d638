/**
 * Calendar months of a report in a time zone. A month runs from local midnight on its 1st
 * to local midnight on the next 1st, so its length in UTC follows the zone's DST changes
 * (March in Europe/Madrid is an hour shorter). Boundaries are computed once with luxon;
 * each incident then finds its month by binary search, with no date library per incident.
 */
import { DateTime, IANAZone } from 'luxon';

export interface Months {
  /** `YYYY-MM`, in the zone. */
  labels: string[];
  /** Each month's first instant (epoch ms), ascending; `starts.length === labels.length`. */
  starts: Float64Array;
}

/** Whether `zone` is an IANA time zone luxon can compute with. */
export function isZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/** Every month in `zone` that overlaps [from, to) (from < to), oldest first. */
export function monthsOf(from: number, to: number, zone: string): Months {
  const labels: string[] = [];
  const starts: number[] = [];
  let month = DateTime.fromMillis(from, { zone }).startOf('month');
  // Bounded: a range of five years has 61 months at most; 1,000 is a guard, not a limit.
  for (let i = 0; i < 1_000 && month.toMillis() < to; i++) {
    labels.push(month.toFormat('yyyy-MM'));
    starts.push(month.toMillis());
    month = month.plus({ months: 1 });
  }
  return { labels, starts: Float64Array.from(starts) };
}

/** Index of the month holding `at` (the last start ≤ at); -1 before the first. */
export function monthIndex(starts: Float64Array, at: number): number {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (starts[mid]! <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
