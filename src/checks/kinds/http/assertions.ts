/**
 * Judges a final response against a compiled check: status, latency, headers, then body. The
 * first failure is the reason; degraded latency only counts when everything else holds.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { failedJsonAssertion } from '../../../lib/json-assertion.js';
import type { ProbeStatus } from '../../probe.js';
import type { CompiledHttp } from './compile.js';
import { clip, formatMs } from './errors.js';

export interface Verdict {
  status: ProbeStatus;
  reason: string | null;
}

export interface FinalResponse {
  statusCode: number;
  headers: IncomingHttpHeaders;
  /** Body bytes read (at most max_body), when an assertion needs them. */
  body: Buffer | null;
  /** The body was longer than max_body. */
  truncated: boolean;
  totalMs: number;
}

const UP: Verdict = { status: 'up', reason: null };

function show(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);
}

export function statusAccepted(check: CompiledHttp, code: number): boolean {
  const ranges = check.statuses;
  for (let i = 0; i < ranges.length; i += 2) {
    if (code >= ranges[i]! && code <= ranges[i + 1]!) return true;
  }
  return false;
}

function failedHeader(check: CompiledHttp, headers: IncomingHttpHeaders): string | undefined {
  for (const { name, text, regex } of check.headerAssertions) {
    const raw = headers[name];
    const value = raw === undefined ? undefined : Array.isArray(raw) ? raw.join(', ') : raw;
    const holds =
      value !== undefined && (regex === null ? value.includes(text) : regex.test(value));
    if (holds) continue;
    const got = value === undefined ? 'missing' : `got ${show(value)}`;
    const wanted =
      regex === null ? `expected to contain ${show(text)}` : `expected to match /${text}/`;
    return `header ${name}: ${got}, ${wanted}`;
  }
  return undefined;
}

function failedBody(
  check: CompiledHttp,
  body: Buffer | null,
  truncated: boolean,
): string | undefined {
  const text = body === null ? '' : body.toString('utf8');
  const partial = truncated ? ` (first ${check.maxBody} bytes read)` : '';
  for (const needle of check.contains) {
    if (!text.includes(needle)) return clip(`body does not contain ${show(needle)}${partial}`);
  }
  if (check.matches !== null && !check.matches.test(text)) {
    return clip(`body does not match /${check.matches.source}/${partial}`);
  }
  if (check.json.length === 0) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    return clip(`body is not JSON: ${(error as Error).message}${partial}`);
  }
  for (const assertion of check.json) {
    const failed = failedJsonAssertion(assertion, doc);
    if (failed !== undefined) return clip(failed);
  }
  return undefined;
}

export function judge(check: CompiledHttp, res: FinalResponse): Verdict {
  if (!statusAccepted(check, res.statusCode)) {
    return { status: 'down', reason: `HTTP ${res.statusCode} (expected ${check.expected})` };
  }
  if (check.maxLatency !== undefined && res.totalMs > check.maxLatency) {
    return {
      status: 'down',
      reason: `took ${formatMs(res.totalMs)} (max ${formatMs(check.maxLatency)})`,
    };
  }
  const reason =
    (check.headerAssertions.length > 0 ? failedHeader(check, res.headers) : undefined) ??
    (check.needBody ? failedBody(check, res.body, res.truncated) : undefined);
  if (reason !== undefined) return { status: 'down', reason };
  if (check.degradedLatency !== undefined && res.totalMs > check.degradedLatency) {
    return {
      status: 'degraded',
      reason: `took ${formatMs(res.totalMs)} (degraded above ${formatMs(check.degradedLatency)})`,
    };
  }
  return UP;
}
