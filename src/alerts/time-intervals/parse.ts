/**
 * Alertmanager's `time_intervals` entries (timeinterval/timeinterval.go), parsed from the form
 * written in YAML into numeric ranges. Error messages keep Alertmanager's wording, so a config
 * moved from Alertmanager fails (if it fails) with the message its author already knows.
 */

/** One entry of a `time_intervals` list, exactly as Alertmanager's YAML writes it. */
export interface TimeIntervalSpec {
  times?: readonly { start_time: string; end_time: string }[] | undefined;
  /** `monday`, `monday:friday` (Sunday is day 0, so ranges do not wrap round the week). */
  weekdays?: readonly string[] | undefined;
  /** `1`, `1:15`, `-1` (the last day), `-7:-1`. */
  days_of_month?: readonly string[] | undefined;
  /** `january`, `1`, `january:march`, `10:12`. */
  months?: readonly string[] | undefined;
  /** `2025`, `2025:2030`. */
  years?: readonly string[] | undefined;
  /** IANA zone the other fields are read in; UTC when omitted. */
  location?: string | undefined;
}

/** An inclusive range, except for `times` where `end` (a minute of the day) is exclusive. */
export interface Range {
  begin: number;
  end: number;
}

/**
 * A parsed interval. An absent field places no constraint; a present but empty list matches
 * nothing (Go decodes `[]` to a non-nil slice, and Alertmanager then finds no range to match).
 */
export interface TimeInterval {
  times?: Range[];
  weekdays?: Range[];
  daysOfMonth?: Range[];
  months?: Range[];
  years?: Range[];
  location: string;
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** Go's `strconv.Atoi` accepts an optional sign and decimal digits, nothing else. */
function atoi(text: string): number | undefined {
  return /^[+-]?[0-9]{1,9}$/.test(text) ? Number(text) : undefined;
}

/** `a` or `a:b`, lower-cased first as Alertmanager does, each side through `member`. */
function range(text: string, member: (part: string) => number): Range {
  const lower = text.toLowerCase();
  const parts = lower.split(':');
  if (parts.length > 2) throw new SyntaxError(`couldn't parse range ${lower}, invalid format`);
  const begin = member(parts[0]!);
  return { begin, end: parts.length === 2 ? member(parts[1]!) : begin };
}

/** `monday` or `monday:friday`; numbers are not weekdays. */
export function parseWeekdayRange(text: string): Range {
  const r = range(text, (part) => {
    const day = WEEKDAYS.indexOf(part);
    if (day < 0) throw new SyntaxError(`${part} is not a valid weekday`);
    return day;
  });
  if (r.begin > r.end) throw new SyntaxError('start day cannot be before end day');
  return r;
}

/** `1`, `1:15`, `-1`, `-7:-1`, `1:-1`: negative days count from the end of the month. */
export function parseDayOfMonthRange(text: string): Range {
  const r = range(text, (part) => {
    const day = atoi(part);
    if (day === undefined) throw new SyntaxError(`${part} is not a valid day of the month`);
    return day;
  });
  for (const day of [r.begin, r.end])
    if (day === 0 || day < -31 || day > 31)
      throw new SyntaxError(`${day} is not a valid day of the month: out of range`);
  // Ranges that flip between long and short months are refused rather than half-working.
  if (r.begin < 0 && r.end > 0)
    throw new SyntaxError('end day must be negative if start day is negative');
  // With negative indices the order depends on the month; catch what is wrong in every month.
  const atLeast28 = (day: number) => (day < 0 ? 28 + day : day);
  if (atLeast28(r.begin) > atLeast28(r.end))
    throw new SyntaxError(`end day ${r.end} is always before start day ${r.begin}`);
  return r;
}

/** `january`, `1`, `january:march`, `10:12`. */
export function parseMonthRange(text: string): Range {
  const r = range(text, (part) => {
    const named = MONTHS.indexOf(part);
    if (named >= 0) return named + 1;
    const month = atoi(part);
    if (month === undefined) throw new SyntaxError(`${part} is not a valid month`);
    // Alertmanager accepts 13 and then never matches it; saying so is kinder.
    if (month < 1 || month > 12)
      throw new SyntaxError(`${part} is not a valid month: out of range`);
    return month;
  });
  if (r.begin > r.end)
    throw new SyntaxError(
      `end month ${MONTHS[r.end - 1]} is before start month ${MONTHS[r.begin - 1]}`,
    );
  return r;
}

/** `2025` or `2025:2030`. */
export function parseYearRange(text: string): Range {
  const r = range(text, (part) => {
    const year = atoi(part);
    if (year === undefined) throw new SyntaxError(`${part} is not a valid year`);
    return year;
  });
  if (r.begin > r.end) throw new SyntaxError(`end year ${r.end} is before start year ${r.begin}`);
  return r;
}

const TIME_RE = /^(?:(?:[01][0-9]|2[0-3]):[0-5][0-9]|24:00)$/;

/** `HH:MM` (00:00 to 24:00) as minutes since midnight. */
export function parseTimeOfDay(text: string): number {
  if (!TIME_RE.test(text))
    throw new SyntaxError(`couldn't parse timestamp ${text}, invalid format`);
  const [hours, minutes] = text.split(':').map(Number) as [number, number];
  return hours * 60 + minutes;
}

/** A `times` entry: from `start_time` (inclusive) to `end_time` (exclusive), same day. */
export function parseTimeRange(spec: { start_time?: string; end_time?: string }): Range {
  if (!spec.start_time || !spec.end_time)
    throw new SyntaxError('both start and end times must be provided');
  const begin = parseTimeOfDay(spec.start_time);
  const end = parseTimeOfDay(spec.end_time);
  if (begin >= end) throw new SyntaxError('start time cannot be equal or greater than end time');
  return { begin, end };
}

/** True when the runtime's Intl data knows `zone` (what evaluating intervals needs). */
export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Parses one entry of a `time_intervals` list.
 *
 * @throws SyntaxError with Alertmanager's message for the first bad field.
 */
export function parseTimeInterval(spec: TimeIntervalSpec): TimeInterval {
  const location = spec.location ?? 'UTC';
  if (!isKnownTimeZone(location)) throw new SyntaxError(`unknown time zone ${location}`);
  const out: TimeInterval = { location };
  if (spec.times) out.times = spec.times.map(parseTimeRange);
  if (spec.weekdays) out.weekdays = spec.weekdays.map(parseWeekdayRange);
  if (spec.days_of_month) out.daysOfMonth = spec.days_of_month.map(parseDayOfMonthRange);
  if (spec.months) out.months = spec.months.map(parseMonthRange);
  if (spec.years) out.years = spec.years.map(parseYearRange);
  return out;
}
