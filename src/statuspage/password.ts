/**
 * Password-protected pages: the form posts the password; a right one sets an httpOnly,
 * SameSite=Lax cookie scoped to the page's path, `<expiry>.<HMAC-SHA256>` over the slug, the
 * expiry and a hash of the password with the server's signing key. Changing the password (or
 * the key) signs everyone out; nothing is stored server-side. Verified cookies are remembered
 * briefly, so a protected page under load does not compute an HMAC per request.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

const COOKIE_DAYS = 30;
const MEMO_MAX = 10_000;

export const cookieName = (slug: string) => `opsdeck_status_${slug.replaceAll('-', '_')}`;

const sha256 = (text: string) => createHash('sha256').update(text).digest();

export class PagePasswords {
  readonly #ok = new Map<string, number>();
  constructor(private readonly key: () => Buffer) {}

  #mac(slug: string, expiry: number, password: string): string {
    return createHmac('sha256', this.key())
      .update(`status-page\0${slug}\0${expiry}\0`)
      .update(sha256(password))
      .digest('base64url');
  }

  /** Constant-time comparison of the typed password with the configured one. */
  matches(given: string, password: string): boolean {
    return timingSafeEqual(sha256(given), sha256(password));
  }

  /** The Set-Cookie value for a right password. */
  cookie(slug: string, password: string, now: number, secure: boolean): string {
    const expiry = Math.floor(now / 1000) + COOKIE_DAYS * 86_400;
    const value = `${expiry}.${this.#mac(slug, expiry, password)}`;
    return `${cookieName(slug)}=${value}; Path=/status/${slug}; Max-Age=${COOKIE_DAYS * 86_400}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
  }

  /** True when the request's Cookie header holds a valid, unexpired cookie for the page. */
  allowed(slug: string, password: string, header: string | undefined, now: number): boolean {
    if (!header) return false;
    const name = cookieName(slug) + '=';
    const part = header.split(';').find((p) => p.trim().startsWith(name));
    const value = part?.trim().slice(name.length);
    if (!value) return false;
    const memo = `${slug}\0${value}\0${password}`;
    const known = this.#ok.get(memo);
    if (known !== undefined) return known * 1000 > now;
    const [expiryText, mac] = value.split('.');
    const expiry = Number(expiryText);
    if (!Number.isSafeInteger(expiry) || !mac || expiry * 1000 <= now) return false;
    const want = Buffer.from(this.#mac(slug, expiry, password));
    const got = Buffer.from(mac);
    if (want.length !== got.length || !timingSafeEqual(want, got)) return false;
    if (this.#ok.size >= MEMO_MAX) this.#ok.clear();
    this.#ok.set(memo, expiry);
    return true;
  }
}
