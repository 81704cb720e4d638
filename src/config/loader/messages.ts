/**
 * Plain-English messages for zod's issue codes, used as the per-parse error map. Schemas with
 * their own messages (durations, ids, …) take precedence over these. Messages never include
 * the offending value: the loader appends "got …" itself, knowing where the value came from.
 */
import { z } from 'zod';

const NOUNS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  object: 'a mapping',
  record: 'a mapping',
  array: 'a list',
  tuple: 'a list',
  null: 'an empty value',
};

const FORMATS: Record<string, string> = {
  email: 'an email address',
  url: 'a URL',
  uuid: 'a UUID',
  datetime: 'a date and time like 2025-01-31T09:00:00Z',
  date: 'a date like 2025-01-31',
  time: 'a time like 09:00',
};

function quoteAll(values: readonly unknown[]): string {
  return values.map((v) => (typeof v === 'string' ? `'${v}'` : String(v))).join(', ');
}

function limit(origin: string, bound: number | bigint, inclusive: boolean, min: boolean): string {
  const n = Number(bound);
  if (origin === 'string') {
    if (min && n === 1) return 'must not be empty';
    return `must be ${min ? 'at least' : 'at most'} ${n} characters long`;
  }
  if (origin === 'array' || origin === 'set') {
    if (min && n === 1) return 'must not be empty';
    return `must have ${min ? 'at least' : 'at most'} ${n} items`;
  }
  const word = min
    ? inclusive
      ? 'at least'
      : 'greater than'
    : inclusive
      ? 'at most'
      : 'less than';
  return `must be ${word} ${n}`;
}

/** The message for one raw zod issue. */
export function zodMessage(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type': {
      // zod reports `z.int()` as expecting a "number"; say what is really needed.
      const int = issue.inst instanceof z.ZodNumber && issue.inst.isInt;
      return `expected ${int ? NOUNS.int : (NOUNS[issue.expected] ?? issue.expected)}`;
    }
    case 'invalid_value':
      return issue.values.length === 1
        ? `expected ${quoteAll(issue.values)}`
        : `expected one of ${quoteAll(issue.values)}`;
    case 'too_small':
      return limit(issue.origin, issue.minimum, issue.inclusive ?? true, true);
    case 'too_big':
      return limit(issue.origin, issue.maximum, issue.inclusive ?? true, false);
    case 'invalid_format':
      return issue.format === 'regex'
        ? `expected text matching ${issue.pattern ?? 'the required pattern'}`
        : `expected ${FORMATS[issue.format] ?? `a valid ${issue.format}`}`;
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${quoteAll(issue.keys)}`;
    case 'invalid_key':
      return 'invalid key';
    case 'invalid_union':
      return 'options' in issue && Array.isArray(issue.options)
        ? `expected one of ${quoteAll(issue.options)}`
        : 'does not match any of the allowed forms';
    default:
      return 'is invalid';
  }
}
