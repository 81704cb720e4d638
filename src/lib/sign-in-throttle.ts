import { AppError } from '../errors.js';

export interface ThrottleOptions {
  /** Failures allowed per key within the window (default 10). */
  maxFailures?: number;
  /** The window, from a key's first failure (default 15 minutes). */
  windowMs?: number;
  now?: () => number;
}

/** Keys remembered at most; beyond it the oldest windows are dropped (memory stays bounded). */
const MAX_KEYS = 10_000;

/**
 * Slows password guessing: after `maxFailures` failed sign-ins for a key (a person, a client
 * address, a status page and address) within `windowMs`, further attempts for that key are
 * refused with 429 until the window ends, right or wrong. In memory, per instance: the
 * point is to make guessing slow, and every instance has its own limit.
 */
export class SignInThrottle {
  readonly #failures = new Map<string, { count: number; since: number }>();
  readonly #max: number;
  readonly #windowMs: number;
  readonly #now: () => number;

  constructor(options: ThrottleOptions = {}) {
    this.#max = options.maxFailures ?? 10;
    this.#windowMs = options.windowMs ?? 15 * 60_000;
    this.#now = options.now ?? Date.now;
  }

  /** Throws AppError('rate_limited') when any key has used up its failures. */
  check(keys: readonly string[]): void {
    const now = this.#now();
    for (const key of keys) {
      const entry = this.#failures.get(key);
      if (!entry) continue;
      const left = entry.since + this.#windowMs - now;
      if (left <= 0) this.#failures.delete(key);
      else if (entry.count >= this.#max) {
        throw new AppError(
          'rate_limited',
          `too many failed sign-ins; try again in ${Math.ceil(left / 60_000)} min`,
          { details: { retry_after_s: Math.ceil(left / 1000) } },
        );
      }
    }
  }

  failed(keys: readonly string[]): void {
    const now = this.#now();
    for (const key of keys) {
      const entry = this.#failures.get(key);
      if (entry && now - entry.since < this.#windowMs) entry.count++;
      else {
        this.#failures.delete(key);
        this.#failures.set(key, { count: 1, since: now });
      }
    }
    while (this.#failures.size > MAX_KEYS) {
      this.#failures.delete(this.#failures.keys().next().value!);
    }
  }

  /** A right password clears its person (not the address: others may guess from there). */
  succeeded(key: string): void {
    this.#failures.delete(key);
  }
}
