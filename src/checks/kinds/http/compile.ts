/**
 * Turns an `http` check's parsed settings into everything a run needs, once: the request
 * (origin, path, flat header array, body buffer), the dispatcher, and the assertions.
 */
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';
import { Agent, type Dispatcher } from 'undici';
import type { CheckSpec } from '../../../config/index.js';
import { AppError } from '../../../errors.js';
import { parseJsonAssertion, type JsonAssertion } from '../../../lib/json-assertion.js';
import { VERSION } from '../../../version.js';
import type { ProbeEnv } from '../../probe.js';
import { readPemFile } from './errors.js';
import { timedConnector } from './sockets.js';

export interface HeaderAssertion {
  /** Lower-case header name. */
  name: string;
  /** Text the value must contain, or the pattern it must match. */
  text: string;
  regex: RegExp | null;
}

export interface CompiledHttp {
  url: URL;
  origin: string;
  path: string;
  method: string;
  /** Request headers as undici's flat [name, value, …] array. */
  headers: string[];
  body: Buffer | null;
  /** `host:port`, for per-target limits and error messages. */
  target: string;
  dispatcher: Dispatcher;
  /** The dedicated Agent when TLS settings differ from the defaults; closed with the probe. */
  ownAgent: Agent | null;
  follow: boolean;
  /** Accepted status ranges, flattened: [low, high, low, high, …]. */
  statuses: number[];
  /** `200-399`, for reasons. */
  expected: string;
  headerAssertions: HeaderAssertion[];
  contains: string[];
  matches: RegExp | null;
  json: JsonAssertion[];
  /** Whether any assertion reads the body (else it is discarded unread). */
  needBody: boolean;
  maxBody: number;
  maxLatency: number | undefined;
  degradedLatency: number | undefined;
}

const USER_AGENT = `Opsdeck/${VERSION} (health check)`;

function authorization(spec: CheckSpec<'http'>, url: URL): string | undefined {
  const auth = spec.auth;
  if (auth && 'bearer' in auth) return `Bearer ${auth.bearer}`;
  let user: string | undefined;
  let password = '';
  if (auth) ({ username: user, password } = auth.basic);
  else if (url.username) {
    user = decodeURIComponent(url.username);
    password = decodeURIComponent(url.password);
  }
  if (user === undefined) return undefined;
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

function buildHeaders(spec: CheckSpec<'http'>, url: URL): string[] {
  const headers: string[] = [];
  const names = new Set<string>();
  for (const [name, value] of Object.entries(spec.headers)) {
    headers.push(name, value);
    names.add(name.toLowerCase());
  }
  const auth = authorization(spec, url);
  if (auth !== undefined && !names.has('authorization')) headers.push('authorization', auth);
  if (!names.has('user-agent')) headers.push('user-agent', USER_AGENT);
  return headers;
}

function compileHeaderAssertions(expected: Record<string, string>): HeaderAssertion[] {
  return Object.entries(expected).map(([name, text]) => {
    const regex = text.length > 2 && text.startsWith('/') && text.endsWith('/');
    if (!regex) return { name: name.toLowerCase(), text, regex: null };
    const source = text.slice(1, -1);
    try {
      return { name: name.toLowerCase(), text: source, regex: new RegExp(source) };
    } catch (error) {
      throw new AppError(
        'bad_request',
        `http.expect.headers.${name}: invalid regular expression: ${(error as Error).message}`,
      );
    }
  });
}

function secureContext(spec: CheckSpec<'http'>, baseDir: string): SecureContext | undefined {
  const { ca, cert, key } = spec.tls;
  if (!ca && !cert && !key) return undefined;
  if (key && !cert) throw new AppError('bad_request', 'http.tls.key: needs tls.cert as well');
  const caPem = ca ? readPemFile(baseDir, ca, 'http.tls.ca', 'CA') : undefined;
  const certPem = cert ? readPemFile(baseDir, cert, 'http.tls.cert', 'certificate') : undefined;
  // Without `key`, the certificate file must hold the private key as well (combined PEM).
  const keyPem = key ? readPemFile(baseDir, key, 'http.tls.key', 'key') : certPem;
  try {
    return createSecureContext({
      ca: caPem ? [...rootCertificates, caPem] : undefined,
      cert: certPem,
      key: keyPem,
    });
  } catch (error) {
    throw new AppError(
      'bad_request',
      `http.tls: invalid certificate files: ${(error as Error).message}`,
    );
  }
}

export function compileHttp(spec: CheckSpec<'http'>, env: ProbeEnv): CompiledHttp {
  const url = new URL(spec.url);
  const https = url.protocol === 'https:';
  const expect = spec.expect;
  const json = expect.json.map((text) => {
    const parsed = parseJsonAssertion(text);
    if ('error' in parsed) throw new AppError('bad_request', `http.expect.json: ${parsed.error}`);
    return parsed.assertion;
  });
  const contains = expect.body_contains ?? [];
  const matches = expect.body_matches === undefined ? null : new RegExp(expect.body_matches);
  const headerAssertions = compileHeaderAssertions(expect.headers);
  const context = https ? secureContext(spec, env.baseDir) : undefined;
  // Last, once nothing can throw: a dedicated pool for non-default TLS settings.
  const ownAgent =
    https && (context || !spec.tls.verify)
      ? new Agent({
          connect: timedConnector({ rejectUnauthorized: spec.tls.verify, secureContext: context }),
        })
      : null;
  return {
    url,
    origin: url.origin,
    path: `${url.pathname}${url.search}`,
    method: spec.method,
    headers: buildHeaders(spec, url),
    body: spec.body === undefined ? null : Buffer.from(spec.body),
    target: `${url.hostname}:${url.port || (https ? '443' : '80')}`,
    dispatcher: ownAgent ?? env.dispatcher,
    ownAgent,
    follow: spec.follow_redirects,
    statuses: expect.status.flat(),
    expected: expect.status
      .map(([low, high]) => (low === high ? `${low}` : `${low}-${high}`))
      .join(', '),
    headerAssertions,
    contains,
    matches,
    json,
    needBody: contains.length > 0 || matches !== null || json.length > 0,
    maxBody: spec.max_body,
    maxLatency: expect.max_latency,
    degradedLatency: expect.degraded_latency,
  };
}

export type DispatchOptions = Dispatcher.DispatchOptions & { origin: string };

/** Request options for the first hop; reused by every run with the same timeout. */
export function firstHop(check: CompiledHttp, timeoutMs: number): DispatchOptions {
  return {
    origin: check.origin,
    path: check.path,
    method: check.method as Dispatcher.HttpMethod,
    headers: check.headers,
    body: check.body,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  };
}
