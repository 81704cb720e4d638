/**
 * Naive local date-times ("wall clock" time) as numbers: milliseconds since 1970-01-01T00:00 of
 * the wall clock, read as if it were UTC. Turn boundaries and restriction windows are computed
 * on this line, where every day has 24 hours, and only then converted to instants
 * (`ZoneClock.toInstant`): that is what keeps a 09:00 handoff at 09:00 across DST changes.
 */
import { WEEKDAYS, type Weekday } from '../../config/schema/index.js';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;
/** Minutes in a day and in a week, for restriction windows (given in minutes). */
export const DAY_MIN = 1440;
export const WEEK_MIN = 7 * DAY_MIN;

/** Local midnight of a `YYYY-MM-DD` date (validated by the config schema). */
export function localDate(date: string): number {
  return Date.UTC(
    Number(date.slice(0, 4)),
    Number(date.slice(5, 7)) - 1,
    Number(date.slice(8, 10)),
  );
}

/** The day number (days since 1970-01-01) of a local time. */
export function dayOf(local: number): number {
  return Math.floor(local / DAY_MS);
}

/** Weekday index of a day number, Monday = 0 (1970-01-01 was a Thursday). */
export function weekdayOfDay(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** Weekday index of a weekday name, Monday = 0. */
export function weekdayIndex(day: Weekday): number {
  return WEEKDAYS.indexOf(day);
}

/** `mon 09:00`-style text for a minute of the week (0 = Monday 00:00), for messages. */
export function formatWeekMinute(minute: number): string {
  const m = ((minute % WEEK_MIN) + WEEK_MIN) % WEEK_MIN;
  return `${WEEKDAYS[Math.floor(m / DAY_MIN)]} ${formatMinute(m % DAY_MIN)}`;
}

/** `HH:MM` for minutes after midnight (1440 prints as 24:00). */
export function formatMinute(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}
