/**
 * Alertmanager API v2 silence shapes (api/v2/openapi.yaml: `postableSilence`,
 * `gettableSilence`, `matcher`), so amtool and Grafana read and write Opsdeck's silences as
 * Alertmanager's. Times are RFC 3339 on the wire, epoch ms inside.
 */
import { AppError } from '../../errors.js';
import { isoTime } from '../../lib/time.js';
import type { Matcher, MatchType } from '../matchers/matcher.js';
import { silenceState, type Silence, type SilenceInput, type SilenceState } from './model.js';

/** Alertmanager's `matcher`: `isEqual` is optional on input and defaults to true. */
export interface AmMatcher {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual: boolean;
}

export interface GettableSilence {
  id: string;
  status: { state: SilenceState };
  updatedAt: string;
  comment: string;
  createdBy: string;
  endsAt: string;
  matchers: AmMatcher[];
  startsAt: string;
}

const TYPES: Record<MatchType, { isRegex: boolean; isEqual: boolean }> = {
  '=': { isRegex: false, isEqual: true },
  '!=': { isRegex: false, isEqual: false },
  '=~': { isRegex: true, isEqual: true },
  '!~': { isRegex: true, isEqual: false },
};

export function toAmMatcher(m: Matcher): AmMatcher {
  return { name: m.name, value: m.value, ...TYPES[m.type] };
}

export function gettableSilence(s: Silence, now: number): GettableSilence {
  return {
    id: s.id,
    status: { state: silenceState(s, now) },
    updatedAt: isoTime(s.updatedAt),
    comment: s.comment,
    createdBy: s.createdBy,
    endsAt: isoTime(s.endsAt),
    matchers: s.matchers.map(toAmMatcher),
    startsAt: isoTime(s.startsAt),
  };
}

// strfmt.DateTime accepts RFC 3339 with or without fractional seconds (and a space for T).
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:[Zz]|[+-]\d{2}:\d{2})$/;

function bad(field: string, message: string): AppError {
  return new AppError('validation_failed', `${field}: ${message}`, { details: { field } });
}

function record(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw bad(field, 'expected an object');
  return value as Record<string, unknown>;
}

function text(o: Record<string, unknown>, key: string, field: string): string {
  const v = o[key];
  if (v === undefined || v === null) throw bad(field, 'required');
  if (typeof v !== 'string') throw bad(field, 'expected a string');
  return v;
}

function bool(o: Record<string, unknown>, key: string, field: string, fallback?: boolean) {
  const v = o[key] ?? fallback;
  if (v === undefined) throw bad(field, 'required');
  if (typeof v !== 'boolean') throw bad(field, 'expected true or false');
  return v;
}

/** An RFC 3339 time as epoch ms. */
export function parseAmTime(value: unknown, field: string): number {
  if (value === undefined || value === null) throw bad(field, 'required');
  if (typeof value !== 'string' || !RFC3339.test(value))
    throw bad(field, `expected an RFC 3339 time, e.g. 2024-05-01T10:00:00Z`);
  const ms = Date.parse(value.replace(/[t ]/, 'T').replace(/z$/, 'Z'));
  if (Number.isNaN(ms)) throw bad(field, `not a valid time: '${value}'`);
  return ms;
}

function parseAmMatcher(value: unknown, field: string): Matcher {
  const o = record(value, field);
  const name = text(o, 'name', `${field}.name`);
  const v = text(o, 'value', `${field}.value`);
  const isRegex = bool(o, 'isRegex', `${field}.isRegex`);
  const isEqual = bool(o, 'isEqual', `${field}.isEqual`, true);
  const type: MatchType = isRegex ? (isEqual ? '=~' : '!~') : isEqual ? '=' : '!=';
  return { name, type, value: v };
}

/**
 * A `postableSilence` body as a SilenceInput; throws AppError('validation_failed') naming the
 * field. Semantic checks (matchers, times, sizes) are the Silences class's.
 */
export function parsePostableSilence(body: unknown): SilenceInput {
  const o = record(body, 'body');
  if (!Array.isArray(o.matchers))
    throw bad('matchers', o.matchers === undefined ? 'required' : 'expected an array');
  if (o.id !== undefined && o.id !== null && o.id !== '' && typeof o.id !== 'string')
    throw bad('id', 'expected a string');
  return {
    // amtool sends an empty id for a new silence.
    id: typeof o.id === 'string' && o.id !== '' ? o.id : undefined,
    matchers: o.matchers.map((m, i) => parseAmMatcher(m, `matchers[${i}]`)),
    startsAt: parseAmTime(o.startsAt, 'startsAt'),
    endsAt: parseAmTime(o.endsAt, 'endsAt'),
    createdBy: text(o, 'createdBy', 'createdBy'),
    comment: text(o, 'comment', 'comment'),
  };
}
