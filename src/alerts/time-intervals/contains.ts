/**
 * Whether an instant falls inside a time interval, read on the wall clock of the interval's
 * zone (Alertmanager's `TimeInterval.ContainsTime`). The zone arithmetic is Intl's, so it
 * follows the runtime's tz database, DST included, with no dependency.
 */
import type { Range, TimeInterval } from './parse.js';

/** The calendar fields Alertmanager reads from a `time.Time` in the interval's location. */
export interface WallClock {
  year: number;
  /** 1–12. */
  month: number;
  /** 1–31. */
  day: number;
  /** 0 (Sunday) – 6, like Go's `time.Weekday`. */
  weekday: number;
  /** Minutes since local midnight. */
  minute: number;
}

// Building a DateTimeFormat costs far more than using one; intervals reuse a handful of zones.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23', // 0–23: never "24" at midnight
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** `at` on the wall clock of `zone` (an IANA name the runtime knows). */
export function wallClock(at: Date, zone: string): WallClock {
  let year: number, month: number, day: number, minute: number;
  if (zone === 'UTC') {
    year = at.getUTCFullYear();
    month = at.getUTCMonth() + 1;
    day = at.getUTCDate();
    minute = at.getUTCHours() * 60 + at.getUTCMinutes();
  } else {
    const fields: Record<string, number> = {};
    for (const part of formatterFor(zone).formatToParts(at))
      if (part.type !== 'literal') fields[part.type] = Number(part.value);
    year = fields.year!;
    month = fields.month!;
    day = fields.day!;
    minute = fields.hour! * 60 + fields.minute!;
  }
  // The weekday of a calendar date does not depend on the zone once the date is known.
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return { year, month, day, weekday, minute };
}

/**
 * Days in a month by the calendar. Alertmanager used to divide elapsed hours by 24, which
 * gave 30 for a 31-day month with a spring-forward change (fixed upstream in #5447).
 */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function inAny(ranges: readonly Range[] | undefined, value: number): boolean {
  if (ranges === undefined) return true;
  for (const r of ranges) if (value >= r.begin && value <= r.end) return true;
  return false;
}

function inDaysOfMonth(ranges: readonly Range[] | undefined, t: WallClock): boolean {
  if (ranges === undefined) return true;
  const days = daysInMonth(t.year, t.month);
  for (const r of ranges) {
    const begin = r.begin < 0 ? days + r.begin + 1 : r.begin;
    const end = r.end < 0 ? days + r.end + 1 : r.end;
    // `30:31` in February starts after the month ends: it must not clamp to the 28th.
    if (begin > days) continue;
    if (t.day >= Math.max(begin, -days) && t.day <= Math.min(end, days)) return true;
  }
  return false;
}

/** Whether `at` is inside `interval`: every field given must match (each field is an OR). */
export function contains(interval: TimeInterval, at: Date): boolean {
  const t = wallClock(at, interval.location);
  if (interval.times !== undefined) {
    let inTimes = false;
    // `times` ends are exclusive: 09:00–17:00 stops at 16:59.
    for (const r of interval.times) if (t.minute >= r.begin && t.minute < r.end) inTimes = true;
    if (!inTimes) return false;
  }
  return (
    inDaysOfMonth(interval.daysOfMonth, t) &&
    inAny(interval.months, t.month) &&
    inAny(interval.weekdays, t.weekday) &&
    inAny(interval.years, t.year)
  );
}

/** Whether any of `intervals` contains `at` (how a named `time_intervals` entry is used). */
export function containsAny(intervals: readonly TimeInterval[], at: Date): boolean {
  for (const interval of intervals) if (contains(interval, at)) return true;
  return false;
}
