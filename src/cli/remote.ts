/**
 * The CLI's client for a running Opsdeck's HTTP API (Node's global fetch). Remote commands add
 * the shared options with `withRemoteOptions(cmd)` and get a client with `remoteFrom(opts)`:
 *
 * ```ts
 * withRemoteOptions(group.command('list').description('…')).action(async (opts: RemoteOptions) => {
 *   const page = await remoteFrom(opts).get<Page>('/api/v1/checks', { limit: 500 });
 * });
 * ```
 *
 * Every failure is thrown as a `RemoteError` (an `AppError`), so `main.ts` prints it as
 * `opsdeck: <message>` and exits 1. The token is only ever sent in the Authorization header;
 * no message, option default or help text contains it.
 */
import { Option, type Command } from 'commander';
import { AppError, type ErrorCode } from '../errors.js';

export const DEFAULT_SERVER_URL = 'http://127.0.0.1:8080';
export const SERVER_URL_ENV = 'OPSDECK_URL';
export const TOKEN_ENV = 'OPSDECK_TOKEN';
/** How long one request may take unless the caller allows more (e.g. `checks run`). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** The options `withRemoteOptions` adds, as commander hands them to an action. */
export interface RemoteOptions {
  server: string;
  token?: string | undefined;
}

export const serverOption = () =>
  new Option('--server <url>', 'URL of the Opsdeck server')
    .env(SERVER_URL_ENV)
    .default(DEFAULT_SERVER_URL);

export const tokenOption = () =>
  new Option(
    '--token <token>',
    'API token, sent as a bearer token; prefer the environment variable, as arguments show in ps',
  ).env(TOKEN_ENV);

/** Adds `--server` and `--token` to `cmd` (returned, for chaining). */
export function withRemoteOptions(cmd: Command): Command {
  return cmd.addOption(serverOption()).addOption(tokenOption());
}

/** A client for the server and token in `opts` (as parsed by a command `withRemoteOptions`). */
export function remoteFrom(
  opts: RemoteOptions,
  settings: { timeoutMs?: number } = {},
): RemoteClient {
  return new RemoteClient({ baseUrl: opts.server, token: opts.token, ...settings });
}

const ERROR_CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'bad_request',
  'validation_failed',
  'invalid_json',
  'unsupported_media_type',
  'payload_too_large',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'config_invalid',
  'storage_unavailable',
  'not_ready',
  'overloaded',
  'internal_error',
]);

/** A failed remote call. `serverCode` and `requestId` are set when the server answered. */
export class RemoteError extends AppError {
  readonly serverCode: string | undefined;
  readonly requestId: string | undefined;
  readonly httpStatus: number | undefined;

  constructor(
    message: string,
    info: {
      serverCode?: string;
      requestId?: string;
      httpStatus?: number;
      details?: unknown;
      cause?: unknown;
    } = {},
  ) {
    const code =
      info.serverCode && ERROR_CODES.has(info.serverCode)
        ? (info.serverCode as ErrorCode)
        : 'internal_error';
    super(code, message, { details: info.details, cause: info.cause });
    this.name = 'RemoteError';
    this.serverCode = info.serverCode;
    this.requestId = info.requestId;
    this.httpStatus = info.httpStatus;
  }
}

/** Query values; arrays repeat the key (`label=a=1&label=b=2`); undefined values are left out. */
export type Query = Record<string, string | number | readonly string[] | undefined>;

export interface RequestOptions {
  query?: Query;
  /** Overrides the client's timeout for this request. */
  timeoutMs?: number;
}

export interface RemoteClientSettings {
  baseUrl: string;
  token?: string | undefined;
  timeoutMs?: number;
}

const TOKEN_HINT = `set ${TOKEN_ENV} (or --token) to a valid API token; create one with \`opsdeck token create --name cli --role responder\``;

export class RemoteClient {
  /** The server's URL without a trailing slash, as shown in messages (never has credentials). */
  readonly baseUrl: string;
  readonly #token: string | undefined;
  readonly #timeoutMs: number;

  constructor(settings: RemoteClientSettings) {
    this.baseUrl = parseServerUrl(settings.baseUrl);
    const token = settings.token?.trim();
    this.#token = token ? token : undefined;
    this.#timeoutMs = settings.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  }

  get<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('GET', path, options);
  }

  post<T>(path: string, options: RequestOptions & { body?: unknown } = {}): Promise<T> {
    return this.request<T>('POST', path, options);
  }

  async request<T>(
    method: string,
    path: string,
    options: RequestOptions & { body?: unknown } = {},
  ): Promise<T> {
    const url = this.baseUrl + path + queryString(options.query);
    const timeoutMs = options.timeoutMs ?? this.#timeoutMs;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.#token) headers.authorization = `Bearer ${this.#token}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }

    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method,
        headers,
        body,
        redirect: 'error',
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw this.#transportError(error, method, path, timeoutMs);
    }

    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (response.ok) {
      if (parsed === undefined)
        throw new RemoteError(
          `${this.baseUrl} answered ${method} ${path} with something other than JSON; is --server an Opsdeck server?`,
          { httpStatus: response.status },
        );
      return parsed as T;
    }
    throw this.#httpError(response, parsed);
  }

  #httpError(response: Response, parsed: unknown): RemoteError {
    const envelope = errorEnvelope(parsed);
    if (!envelope) {
      return new RemoteError(
        `${this.baseUrl} answered HTTP ${response.status}${response.statusText ? ' ' + response.statusText : ''} without an Opsdeck error; is --server an Opsdeck server?`,
        { httpStatus: response.status },
      );
    }
    const info = {
      serverCode: envelope.code,
      requestId: envelope.requestId,
      httpStatus: response.status,
      details: envelope.details,
    };
    if (response.status === 401) {
      const message = this.#token
        ? `${envelope.message} (${envelope.code}); ${TOKEN_HINT}`
        : `no API token (${envelope.code}): ${TOKEN_HINT}`;
      return new RemoteError(message, info);
    }
    return new RemoteError(`${envelope.message} (${envelope.code})`, info);
  }

  #transportError(error: unknown, method: string, path: string, timeoutMs: number): RemoteError {
    const name = (error as Error | undefined)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      return new RemoteError(
        `Opsdeck at ${this.baseUrl} did not answer ${method} ${path} within ${seconds(timeoutMs)}; the server may be overloaded or stuck`,
        { cause: error },
      );
    }
    const cause = (error as { cause?: unknown } | undefined)?.cause;
    const code = networkCode(cause);
    const why =
      code === 'ECONNREFUSED'
        ? 'connection refused'
        : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
          ? 'host not found'
          : code === 'ECONNRESET' || code === 'UND_ERR_SOCKET'
            ? 'connection closed by the server'
            : code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT'
              ? 'connection timed out'
              : code
                ? code
                : cause instanceof Error
                  ? cause.message
                  : (error as Error | undefined)?.message || 'network error';
    const hint =
      code === 'ECONNREFUSED'
        ? `is it running? set --server or ${SERVER_URL_ENV}`
        : `check --server or ${SERVER_URL_ENV}`;
    return new RemoteError(`cannot reach Opsdeck at ${this.baseUrl}: ${why} (${hint})`, {
      cause: error,
    });
  }
}

/** Validates and normalises `--server`: http(s), no credentials, no trailing slash. */
export function parseServerUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new AppError(
      'bad_request',
      `--server: expected a URL like ${DEFAULT_SERVER_URL}, got '${value}'`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new AppError(
      'bad_request',
      `--server: expected an http:// or https:// URL, got '${url.protocol}…'`,
    );
  if (url.username || url.password)
    throw new AppError(
      'bad_request',
      `--server: the URL must not contain credentials; pass the token with ${TOKEN_ENV} or --token`,
    );
  if (url.search || url.hash)
    throw new AppError('bad_request', `--server: the URL must not have a query or fragment`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (typeof value === 'object') for (const item of value) params.append(key, item);
    else params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function errorEnvelope(
  value: unknown,
): { code: string; message: string; requestId?: string; details?: unknown } | undefined {
  const error = (value as { error?: unknown } | undefined)?.error as
    { code?: unknown; message?: unknown; requestId?: unknown; details?: unknown } | undefined;
  if (!error || typeof error.code !== 'string' || typeof error.message !== 'string')
    return undefined;
  return {
    code: error.code,
    message: error.message,
    requestId: typeof error.requestId === 'string' ? error.requestId : undefined,
    details: error.details,
  };
}

/** The errno-style code of a fetch failure's cause (also inside AggregateError, e.g. localhost). */
function networkCode(cause: unknown): string | undefined {
  const code = (cause as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') return code;
  const errors = (cause as { errors?: unknown } | undefined)?.errors;
  if (Array.isArray(errors)) {
    for (const e of errors) {
      const inner = (e as { code?: unknown } | undefined)?.code;
      if (typeof inner === 'string') return inner;
    }
  }
  return undefined;
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** Every item of a paginated list route (`{items, next_cursor}`), following cursors. */
export async function listAllPages<T>(
  remote: RemoteClient,
  path: string,
  query: Record<string, string | string[] | number | undefined>,
  limit = 500,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await remote.get<{ items: T[]; next_cursor: string | null }>(path, {
      query: { ...query, limit, cursor },
    });
    items.push(...page.items);
    if (page.next_cursor === null || page.next_cursor === cursor) return items;
    cursor = page.next_cursor;
  }
}
