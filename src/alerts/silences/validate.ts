/**
 * Silence validation as Alertmanager's `validateSilence` and `validateMatcher`, plus the API's
 * checks (`postSilencesHandler`: end after start, end not in the past) and size bounds that
 * Alertmanager leaves to `--silences.max-silence-size-bytes`. Each error names its field.
 */
import { AppError } from '../../errors.js';
import { compileMatcher, type CompiledMatcher, type Matcher } from '../matchers/matcher.js';
import { LABEL_NAME_RE, truncate } from '../model/labels.js';
import type { SilenceInput } from './model.js';

export const MAX_MATCHERS = 64;
export const MAX_COMMENT_BYTES = 10_240;
export const MAX_CREATED_BY_BYTES = 256;
/** Label values are short; a regex listing alternatives can be long. */
export const MAX_MATCHER_VALUE_BYTES = 4096;
const MATCH_TYPES: ReadonlySet<string> = new Set(['=', '!=', '=~', '!~']);
/** In `u` mode this only matches unpaired surrogates: strings Go would not see as UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function invalid(field: string, message: string): AppError {
  return new AppError('validation_failed', `${field}: ${message}`, { details: { field } });
}

function bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Whether `id` looks like a silence id; anything else cannot exist, so callers answer 404. */
export function isSilenceId(id: string): boolean {
  return UUID_RE.test(id);
}

/** Checks one matcher and compiles it; throws naming `matchers[i]`. */
export function validateMatcher(m: Matcher, field: string): CompiledMatcher {
  if (typeof m.name !== 'string' || !LABEL_NAME_RE.test(m.name))
    throw invalid(
      `${field}.name`,
      `invalid label name '${truncate(String(m.name))}' (expected [a-zA-Z_][a-zA-Z0-9_]*)`,
    );
  if (!MATCH_TYPES.has(m.type))
    throw invalid(`${field}.type`, `unknown matcher type '${truncate(String(m.type))}'`);
  if (typeof m.value !== 'string') throw invalid(`${field}.value`, 'expected a string');
  if (bytes(m.value) > MAX_MATCHER_VALUE_BYTES)
    throw invalid(`${field}.value`, `longer than ${MAX_MATCHER_VALUE_BYTES} bytes`);
  if (LONE_SURROGATE.test(m.value)) throw invalid(`${field}.value`, 'invalid UTF-8');
  try {
    return compileMatcher({ name: m.name, type: m.type, value: m.value });
  } catch (error) {
    throw invalid(`${field}.value`, (error as Error).message);
  }
}

/**
 * Alertmanager's `matchesEmpty`: only `=` and `=~` count; a silence whose every matcher
 * matches the empty string would mute every alert, so it is refused.
 */
function matchesEmpty(m: CompiledMatcher): boolean {
  return (m.type === '=' || m.type === '=~') && m.test({});
}

/** A validated input with its start resolved and matchers compiled. */
export interface ValidSilence extends SilenceInput {
  startsAt: number;
  compiled: CompiledMatcher[];
}

/**
 * Validates `input` as of `now`; throws AppError('validation_failed') naming the field. A
 * missing start is now, as in Alertmanager's `Set`.
 */
export function validateSilence(input: SilenceInput, now: number): ValidSilence {
  if (input.id !== undefined && !isSilenceId(input.id))
    throw invalid('id', `expected a silence id (UUID), got '${truncate(String(input.id))}'`);
  if (!Array.isArray(input.matchers) || input.matchers.length === 0)
    throw invalid('matchers', 'at least one matcher required');
  if (input.matchers.length > MAX_MATCHERS)
    throw invalid('matchers', `${input.matchers.length} matchers; at most ${MAX_MATCHERS}`);
  const compiled = input.matchers.map((m, i) => validateMatcher(m, `matchers[${i}]`));
  if (compiled.every(matchesEmpty))
    throw invalid('matchers', 'at least one matcher must not match the empty string');
  const startsAt = input.startsAt ?? now;
  checkTime(startsAt, 'startsAt');
  checkTime(input.endsAt, 'endsAt');
  if (input.endsAt <= startsAt) throw invalid('endsAt', 'must be after startsAt');
  if (input.endsAt < now) throw invalid('endsAt', 'must not be in the past');
  checkText(input.createdBy, 'createdBy', MAX_CREATED_BY_BYTES);
  checkText(input.comment, 'comment', MAX_COMMENT_BYTES);
  return { ...input, startsAt, compiled };
}

function checkTime(value: number, field: string): void {
  if (!Number.isFinite(value)) throw invalid(field, 'expected a time');
}

function checkText(value: string, field: string, max: number): void {
  if (typeof value !== 'string' || value.trim() === '') throw invalid(field, 'required');
  if (bytes(value) > max) throw invalid(field, `longer than ${max} bytes`);
}
