/**
 * Following redirects by hand (up to 10), as browsers do: 303, and 301/302 after a POST, turn
 * into a GET without body; 307/308 repeat the request. Credentials never follow a redirect to
 * another origin.
 */
import type { Dispatcher } from 'undici';
import type { DispatchOptions } from './compile.js';

export const MAX_REDIRECTS = 10;

export function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

const CREDENTIALS = new Set(['authorization', 'cookie', 'proxy-authorization']);
const BODY_HEADERS = new Set([
  'content-type',
  'content-length',
  'content-encoding',
  'transfer-encoding',
]);

function keepHeaders(headers: string[], drop: (name: string) => boolean): string[] {
  const kept: string[] = [];
  for (let i = 0; i < headers.length; i += 2) {
    if (!drop(headers[i]!.toLowerCase())) kept.push(headers[i]!, headers[i + 1]!);
  }
  return kept;
}

/** The next hop, or why it cannot be followed. */
export function followRedirect(
  from: URL,
  opts: DispatchOptions,
  status: number,
  location: string,
): { url: URL; opts: DispatchOptions } | string {
  let url: URL;
  try {
    url = new URL(location, from);
  } catch {
    return `HTTP ${status} redirect to an invalid location ${JSON.stringify(location)}`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `HTTP ${status} redirect to unsupported URL ${url.href}`;
  }
  const toGet =
    (status === 303 && opts.method !== 'HEAD') ||
    ((status === 301 || status === 302) && opts.method === 'POST');
  const crossOrigin = url.origin !== from.origin;
  let headers = (opts.headers as string[] | undefined) ?? [];
  if (toGet || crossOrigin) {
    headers = keepHeaders(
      headers,
      (name) => (crossOrigin && CREDENTIALS.has(name)) || (toGet && BODY_HEADERS.has(name)),
    );
  }
  const next: DispatchOptions = {
    ...opts,
    origin: url.origin,
    path: `${url.pathname}${url.search}`,
    method: toGet ? 'GET' : (opts.method as Dispatcher.HttpMethod),
    headers,
    body: toGet ? null : opts.body,
  };
  return { url, opts: next };
}
