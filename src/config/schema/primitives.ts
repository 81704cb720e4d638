/**
 * Building blocks shared by every section of the config: ids, references, durations, byte
 * sizes, URLs. Each carries a JSON Schema `title` (shown by editors on hover and used as the
 * "type" column of the generated reference) and messages phrased as "expected …" so the loader
 * can append "got …" with a secret-safe description of the offending value.
 */
import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { BYTE_SIZE_PATTERN, tryParseByteSize } from '../byte-size.js';
import { DURATION_PATTERN, tryParseDuration } from '../duration.js';

/** Ids start with a letter so that JS keeps map keys in the order they were written. */
export const ID_PATTERN = '^[A-Za-z][A-Za-z0-9_-]*$';
const ID_MESSAGE = "expected an id (a letter, then letters, digits, '-' or '_')";

/** A map key naming a person, team, service, severity, …; also the type of references. */
export const idSchema = z
  .string({ error: ID_MESSAGE })
  .regex(new RegExp(ID_PATTERN), { error: ID_MESSAGE })
  .max(64, { error: 'must be at most 64 characters long' })
  .meta({ title: 'id' });

/** A reference to an entry of another section; cross-checked by the loader. */
export function refSchema(kind: string): typeof idSchema {
  return idSchema.meta({ title: `${kind} id` });
}

/** A map from id to `value`, kept in the order written (severities rely on that order). */
export function idMap<T extends z.ZodType>(value: T) {
  return z.record(idSchema, value);
}

const DURATION_MESSAGE = 'expected a duration like 30s, 5m, 1h30m or 7d';

/** A Prometheus-style duration string; parses to milliseconds. */
export const durationSchema = z
  .string({ error: DURATION_MESSAGE })
  .regex(new RegExp(DURATION_PATTERN), { error: DURATION_MESSAGE })
  .transform((text, ctx) => {
    const ms = tryParseDuration(text);
    if (ms !== undefined) return ms;
    ctx.issues.push({ code: 'custom', message: 'is too long a duration', input: text });
    return z.NEVER;
  })
  .meta({ title: 'duration' });

const BYTE_SIZE_MESSAGE = 'expected a byte size like 512KiB, 1MiB or 2MB';

/** A byte size such as `1MiB` or a plain number of bytes; parses to a number of bytes. */
export const byteSizeSchema = z
  .union(
    [
      z.string().regex(new RegExp(BYTE_SIZE_PATTERN), { error: BYTE_SIZE_MESSAGE }),
      z.int({ error: BYTE_SIZE_MESSAGE }).nonnegative({ error: BYTE_SIZE_MESSAGE }),
    ],
    { error: BYTE_SIZE_MESSAGE },
  )
  .transform((input, ctx) => {
    const bytes = tryParseByteSize(input);
    if (bytes !== undefined) return bytes;
    ctx.issues.push({ code: 'custom', message: 'is too large a byte size', input });
    return z.NEVER;
  })
  .meta({ title: 'byte size' });

/** An absolute http:// or https:// URL. */
export const httpUrlSchema = z
  .url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
  .meta({ title: 'URL' });

/** An email address. */
export const emailSchema = z.email({ error: 'expected an email address' }).meta({ title: 'email' });

/** A phone number in E.164 form, the only form SMS and voice providers accept unambiguously. */
export const phoneSchema = z
  .string({ error: 'expected a phone number in E.164 form like +34600111222' })
  .regex(/^\+[1-9][0-9]{1,14}$/, {
    error: 'expected a phone number in E.164 form like +34600111222',
  })
  .meta({ title: 'phone (E.164)' });

function isTimeZone(name: string): boolean {
  try {
    // Intl knows exactly the zones the runtime can compute with, which is what matters here.
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** An IANA time zone name such as `Europe/Madrid`, checked against the runtime's Intl data. */
export const timeZoneSchema = z
  .string({ error: 'expected an IANA time zone like Europe/Madrid' })
  .refine(isTimeZone, { error: 'expected an IANA time zone like Europe/Madrid' })
  .meta({ title: 'time zone' });

/**
 * A secret such as an integration key. Its messages never start with "expected", so the
 * loader never echoes the value back.
 */
export function secretSchema(minLength = 1) {
  return z
    .string({ error: 'must be a string' })
    .min(minLength, {
      error: minLength > 1 ? `must be at least ${minLength} characters long` : 'must not be empty',
    })
    .meta({ title: 'secret' });
}

/** A map of free-form string values (labels, HTTP headers). */
export const stringMapSchema = z.record(
  z.string(),
  z.string({ error: 'expected a string (quote numbers and booleans)' }),
);

const SCHEME_RE = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/** True when a runbook reference is a URL rather than a file path. */
export function isUrlRef(ref: string): boolean {
  return SCHEME_RE.test(ref);
}

/** True for a valid runbook reference: a relative path or an http(s) URL. */
export function isRunbookRef(ref: string): boolean {
  if (isUrlRef(ref)) return /^https?:\/\//i.test(ref) && URL.canParse(ref);
  return ref.length > 0 && !isAbsolute(ref) && !ref.startsWith('\\');
}

/** A runbook: a path relative to the YAML file that declares it, or an http(s) URL. */
export const runbookRefSchema = z
  .string({ error: 'expected a relative file path or an http(s) URL' })
  .refine(isRunbookRef, { error: 'expected a relative file path or an http(s) URL' })
  .meta({ title: 'path or URL' });

/**
 * A string that must parse as something (a regular expression, a cron expression, an
 * assertion): `problemOf` returns why it does not, or undefined. Messages never echo secrets:
 * these fields hold none.
 */
export function parsedString(
  title: string,
  problemOf: (text: string) => string | undefined,
  typeError = 'expected a string',
) {
  return z
    .string({ error: typeError })
    .superRefine((text, ctx) => {
      const problem = problemOf(text);
      if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem, input: text });
    })
    .meta({ title });
}

/** `undefined` when `parse` accepts the text, else `prefix: <its error message>`. */
export function thrownBy(prefix: string, parse: (text: string) => unknown) {
  return (text: string): string | undefined => {
    try {
      parse(text);
      return undefined;
    } catch (error) {
      return `${prefix}: ${(error as Error).message}`;
    }
  };
}
