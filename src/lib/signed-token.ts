/**
 * Signed, expiring tokens for links that act without a login (acknowledge/resolve from a
 * notification). `base64url(JSON payload).base64url(HMAC-SHA256)`; the key is the server's
 * signing key (`settings.signing_key`), shared by every instance on one database.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface TokenPayload {
  /** What the link does, e.g. `ack`. */
  a: string;
  /** Subject, e.g. an incident id. */
  s: string | number;
  /** Who it was sent to (person id), or null. */
  p: string | null;
  /** Expiry, seconds since the epoch. */
  e: number;
}

/** HMAC-SHA256 cut to 128 bits (as RFC 2104 allows): links stay short, forging stays hopeless. */
function mac(key: Buffer, body: string): string {
  return createHmac('sha256', key).update(body).digest().subarray(0, 16).toString('base64url');
}

export function signToken(key: Buffer, payload: TokenPayload): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${mac(key, body)}`;
}

/** The payload when the token is authentic and unexpired, else why not (never throws). */
export function verifyToken(
  key: Buffer,
  token: string,
  now = Date.now(),
): { ok: true; payload: TokenPayload } | { ok: false; reason: 'invalid' | 'expired' } {
  const dot = token.indexOf('.');
  if (dot <= 0) return { ok: false, reason: 'invalid' };
  const body = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1), 'base64url');
  const expected = Buffer.from(mac(key, body), 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'invalid' };
  let payload: TokenPayload;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TokenPayload;
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  if (typeof payload.e !== 'number' || typeof payload.a !== 'string')
    return { ok: false, reason: 'invalid' };
  if (payload.e * 1000 <= now) return { ok: false, reason: 'expired' };
  return { ok: true, payload };
}
