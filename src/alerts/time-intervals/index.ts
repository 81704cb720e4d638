/** Alertmanager's `time_intervals`: parsing, zone-aware evaluation, mute/active semantics. */
export {
  isKnownTimeZone,
  parseDayOfMonthRange,
  parseMonthRange,
  parseTimeInterval,
  parseTimeOfDay,
  parseTimeRange,
  parseWeekdayRange,
  parseYearRange,
  type Range,
  type TimeInterval,
  type TimeIntervalSpec,
} from './parse.js';
export { contains, containsAny, daysInMonth, wallClock, type WallClock } from './contains.js';
export {
  compileTimeIntervals,
  mutedByTimeIntervals,
  type NamedTimeIntervals,
  type NamedTimeIntervalSpec,
  type TimeIntervalRefs,
} from './named.js';
