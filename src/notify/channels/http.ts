/**
 * One HTTP attempt, shared by every HTTP channel kind: undici on one keep-alive agent (a page
 * storm reuses connections to Slack or PagerDuty instead of a TLS handshake each), a deadline
 * over the whole exchange including the body, and one classification of the answer. Retries
 * belong to the dispatcher; this never retries and never throws.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { Agent, request } from 'undici';
import { VERSION } from '../../version.js';
import type { AttemptResult } from './channel.js';
import { describeFailure, formatMs, MAX_QUOTE, redact } from './detail.js';

/** What a kind sends. `body` is the exact text on the wire (what a signature covers). */
export interface HttpRequest {
  url: string;
  method?: 'POST' | 'PUT';
  headers?: Record<string, string>;
  body: string;
}

export interface HttpOptions {
  /** Deadline of the whole attempt: connect, send, headers and body. */
  timeoutMs: number;
  /**
   * Values that must never reach a detail (tokens, keys, secret URLs). The request URL and any
   * `authorization` header are always treated as secrets.
   */
  secrets?: readonly string[];
  /** For vendors that put the retry delay in the body (Discord, Telegram): milliseconds. */
  retryAfterFromBody?: (body: string) => number | undefined;
}

/** How much of an answer is read; past it the connection is dropped (answers are short). */
const MAX_BODY = 16 * 1024;

let shared: Agent | undefined;

function agent(): Agent {
  shared ??= new Agent({ keepAliveTimeout: 30_000, connections: 64 });
  return shared;
}

/** Closes the shared agent's connections; the next attempt opens a new agent. */
export async function closeHttp(): Promise<void> {
  const closing = shared;
  shared = undefined;
  await closing?.close();
}

/** Sends `req` once and classifies the outcome (see `classifyStatus`). */
export async function httpAttempt(req: HttpRequest, options: HttpOptions): Promise<AttemptResult> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': `Opsdeck/${VERSION}`,
    ...lowerKeys(req.headers ?? {}),
  };
  const secrets = [req.url, ...authSecrets(headers), ...(options.secrets ?? [])];
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  try {
    const res = await request(req.url, {
      method: req.method ?? 'POST',
      headers,
      body: req.body,
      dispatcher: agent(),
      signal: controller.signal,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
    const text = await readText(res.body);
    return judge(res.statusCode, res.headers, text, options, secrets);
  } catch (error) {
    if (controller.signal.aborted)
      return {
        outcome: 'retry',
        status: null,
        detail: `timeout after ${formatMs(options.timeoutMs)}`,
      };
    return networkFailure(error, secrets);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * 2xx delivered; 408, 429 and 5xx worth another attempt (the receiver is busy or down); any
 * other status failed: the receiver rejected this request and will again (bad payload, revoked
 * webhook, wrong key). Redirects are not followed, so a 3xx is a misconfigured URL: failed.
 */
export function classifyStatus(status: number): AttemptResult['outcome'] {
  if (status >= 200 && status < 300) return 'delivered';
  if (status === 408 || status === 429 || status >= 500) return 'retry';
  return 'failed';
}

function judge(
  status: number,
  headers: IncomingHttpHeaders,
  body: string,
  options: HttpOptions,
  secrets: readonly string[],
): AttemptResult {
  const outcome = classifyStatus(status);
  const quote = redact(body, secrets, MAX_QUOTE);
  const result: AttemptResult = {
    outcome,
    status,
    detail: redact(quote ? `HTTP ${status}: ${quote}` : `HTTP ${status}`, secrets),
  };
  if (outcome === 'retry') {
    const after = options.retryAfterFromBody?.(body) ?? parseRetryAfter(headers['retry-after']);
    if (after !== undefined) result.retryAfterMs = after;
  }
  return result;
}

/**
 * `Retry-After` as milliseconds: delay-seconds (decimals accepted, as some vendors send them) or
 * an HTTP-date (a date in the past is 0). Undefined when absent or unreadable.
 */
export function parseRetryAfter(
  value: string | string[] | undefined,
  now = Date.now(),
): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!text) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

async function readText(body: AsyncIterable<Buffer>): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= MAX_BODY) break; // leaving the loop destroys the stream
  }
  return Buffer.concat(chunks).subarray(0, MAX_BODY).toString('utf8');
}

/** Codes that no later attempt can fix (a malformed URL or header in the config). */
const PERMANENT = new Set(['UND_ERR_INVALID_ARG', 'ERR_INVALID_URL', 'ERR_INVALID_ARG_TYPE']);

function networkFailure(error: unknown, secrets: readonly string[]): AttemptResult {
  const { code, text } = describeFailure(error);
  return {
    outcome: PERMANENT.has(code) ? 'failed' : 'retry',
    status: null,
    detail: redact(text, secrets),
  };
}

function authSecrets(headers: Record<string, string>): string[] {
  const auth = headers.authorization;
  return auth ? [auth, auth.replace(/^\S+\s+/, '')] : [];
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
