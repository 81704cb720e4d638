/**
 * Keys of calendar subscription URLs (`/ical/schedules/<id>.ics?key=…`). Calendar apps cannot
 * send a bearer token, so the URL carries a key: the first 32 hex characters of
 * HMAC-SHA256(signing key, `ical:<kind>:<id>`). A key reads one calendar and nothing else;
 * rotating the `signing_key` setting revokes every subscription URL at once.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type CalendarKind = 'schedule' | 'person';

const KEY_LENGTH = 32;

/** The subscription key of calendar `kind:id`. */
export function icalKey(secret: Buffer, kind: CalendarKind, id: string): string {
  return createHmac('sha256', secret)
    .update(`ical:${kind}:${id}`)
    .digest('hex')
    .slice(0, KEY_LENGTH);
}

/** True when `key` is the subscription key of `kind:id` (constant-time comparison). */
export function verifyIcalKey(
  secret: Buffer,
  kind: CalendarKind,
  id: string,
  key: string | undefined,
): boolean {
  if (typeof key !== 'string' || key.length !== KEY_LENGTH) return false;
  return timingSafeEqual(Buffer.from(icalKey(secret, kind, id)), Buffer.from(key));
}

/** The public subscription URL of calendar `kind:id`, under the server's public URL. */
export function icalUrl(publicUrl: string, secret: Buffer, kind: CalendarKind, id: string): string {
  const folder = kind === 'schedule' ? 'schedules' : 'people';
  const base = publicUrl.replace(/\/+$/, '');
  return `${base}/ical/${folder}/${encodeURIComponent(id)}.ics?key=${icalKey(secret, kind, id)}`;
}
