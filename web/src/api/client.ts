/**
 * The one way the console talks to `/api/v1`: same-origin cookie credentials, the CSRF header
 * on every write, the `{error: {code, message, requestId}}` envelope turned into an
 * `ApiError`, and the three failures the console handles for every caller:
 * - 401: the session layer shows the sign-in dialog; the request waits and is sent again
 *   after sign-in, so nothing a user typed or submitted is lost;
 * - 403 `csrf`: the token is fetched again from `GET /api/v1/session`, then one retry;
 * - no answer: `reportDown` (offline banner, one probe loop) and an `ApiError('network')`.
 */
import { reportDown, reportUp } from './connectivity';
import { createSignal } from './store';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId?: string,
    /** The envelope's `details`, e.g. `{allowed: [...]}` on an illegal status move. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const isNetworkError = (e: unknown): boolean =>
  e instanceof ApiError && e.code === 'network';

export interface AuthHooks {
  /** Resolves once the user has signed in again (rejects when they signed out instead). */
  reauthenticate(): Promise<void>;
  /** Fetches the session again for a fresh CSRF token. */
  refreshCsrf(): Promise<void>;
}

let hooks: AuthHooks | null = null;
let csrfToken: string | null = null;

export function installAuthHooks(h: AuthHooks): void {
  hooks = h;
}
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** A 403 `forbidden` (missing role): shown once, globally, with the server's message. */
export const forbidden = createSignal<ApiError>();

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
  /** Session endpoints: a 401 is an answer, not a reason to ask for sign-in. */
  raw401?: boolean;
}

const WRITE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

async function send(path: string, o: RequestOptions): Promise<Response> {
  const method = o.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  if (WRITE.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;
  try {
    return await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: o.body === undefined ? undefined : JSON.stringify(o.body),
      signal: o.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    reportDown();
    throw new ApiError(0, 'network', 'Opsdeck is not reachable');
  }
}

async function errorOf(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  try {
    const env = JSON.parse(text) as {
      error?: {
        code?: string;
        message?: string;
        requestId?: string;
        details?: Record<string, unknown>;
      };
    };
    if (env.error?.code)
      return new ApiError(
        res.status,
        env.error.code,
        env.error.message ?? res.statusText,
        env.error.requestId,
        env.error.details,
      );
  } catch {
    // not our envelope
  }
  // A gateway answering for a server that is gone.
  if (res.status === 502 || res.status === 503 || res.status === 504) {
    reportDown();
    return new ApiError(0, 'network', 'Opsdeck is not reachable');
  }
  return new ApiError(res.status, 'http_' + res.status, text.slice(0, 200) || res.statusText);
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  let reauthed = false;
  let csrfRetried = false;
  for (;;) {
    const res = await send(path, options);
    if (res.ok) {
      reportUp();
      if (res.status === 204) return undefined as T;
      const type = res.headers.get('content-type') ?? '';
      return (type.includes('json') ? await res.json() : await res.text()) as T;
    }
    const err = await errorOf(res);
    if (err.code !== 'network') reportUp();
    if (err.status === 401 && !options.raw401 && hooks && !reauthed) {
      await hooks.reauthenticate();
      reauthed = true;
      continue;
    }
    if (err.status === 403 && err.code === 'csrf' && hooks && !csrfRetried) {
      await hooks.refreshCsrf();
      csrfRetried = true;
      continue;
    }
    if (err.status === 403 && err.code === 'forbidden') forbidden.emit(err);
    throw err;
  }
}

/** Query string from defined, non-empty values. */
export function qs(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
