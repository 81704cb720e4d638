/**
 * The `detail` of an attempt is stored in the delivery log and shown in the console, so it must
 * never carry a secret. Several kinds keep theirs in the URL itself (Slack, Discord and Teams
 * webhook URLs are the credential; Telegram puts the bot token in the path), and receivers or
 * proxies sometimes echo the URL back in an error page: no URL is ever shown, and every known
 * secret is masked wherever it appears.
 */

/** Longest detail the delivery log keeps (the `AttemptResult` contract). */
export const MAX_DETAIL = 500;

/** How much of a receiver's answer a detail quotes. */
export const MAX_QUOTE = 300;

const URL_PATTERN = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi;

/**
 * Masks `secrets` (and their URL-encoded forms, and the path and query of those that are URLs)
 * and every URL in `text`, collapses white space, and cuts it to `max` characters.
 */
export function redact(text: string, secrets: readonly string[], max = MAX_DETAIL): string {
  let out = text;
  for (const secret of expand(secrets)) out = out.replaceAll(secret, '***');
  out = out
    .replace(URL_PATTERN, '<url>')
    // eslint-disable-next-line no-control-regex -- control characters are what is removed
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return out.length > max ? `${out.slice(0, max - 1)}…` : out;
}

/** Every form a secret may take in an answer, longest first so parts do not hide wholes. */
function expand(secrets: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    // Very short values would mask ordinary words; no real credential is that short.
    if (secret.length < 6) continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    const url = URL.canParse(secret) ? new URL(secret) : null;
    if (url && url.pathname.length > 1) forms.add(url.pathname + url.search);
    if (url?.search) forms.add(url.search.slice(1));
  }
  return [...forms].filter((s) => s.length >= 6).sort((a, b) => b.length - a.length);
}

/** `850ms`, `2s`, `2.5s`: how details show durations. */
export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)}ms` : `${Math.round(ms / 100) / 10}s`;
}

const NETWORK_WORDS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_CONNECT_TIMEOUT: 'connect timeout',
  UND_ERR_HEADERS_TIMEOUT: 'no answer in time',
  UND_ERR_BODY_TIMEOUT: 'answer body too slow',
  UND_ERR_SOCKET: 'connection closed before the answer',
  UND_ERR_CLOSED: 'connection closed',
};

/**
 * A failure without an answer as `CODE: a few words` (`ECONNREFUSED: connection refused`,
 * `ERR_SSL_WRONG_VERSION_NUMBER: TLS handshake failed: wrong version number`). The most
 * specific code wins: nodemailer keeps the socket's in `originalCode`, and Node's
 * happy-eyeballs connect wraps the real errors in an AggregateError. Not yet redacted.
 */
export function describeFailure(error: unknown): { code: string; text: string } {
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  const ssl = /SSL routines:[^:]*:([^:]+):/.exec(message)?.[1];
  const words = NETWORK_WORDS[code] ?? (ssl ? `TLS handshake failed: ${ssl}` : message);
  return { code, text: code ? `${code}: ${words}` : words };
}

function errorCode(error: unknown): string {
  const e = error as {
    code?: unknown;
    originalCode?: unknown;
    errors?: unknown[];
    cause?: unknown;
  };
  if (typeof e?.originalCode === 'string') return e.originalCode;
  if (typeof e?.code === 'string') return e.code;
  if (Array.isArray(e?.errors) && e.errors.length > 0) return errorCode(e.errors[0]);
  if (e?.cause) return errorCode(e.cause);
  return '';
}
