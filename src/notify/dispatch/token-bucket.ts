/**
 * A token bucket: at most `max` takes per `perMs`, with bursts up to `max`. Tokens refill
 * continuously, so a channel limited to 1/s sends once a second rather than in bursts at
 * window edges (what Slack's and Discord's limits expect).
 */
export class TokenBucket {
  #tokens: number;
  #at: number;

  constructor(
    readonly max: number,
    readonly perMs: number,
    now: number,
  ) {
    this.#tokens = max;
    this.#at = now;
  }

  #refill(now: number): void {
    if (now <= this.#at) return;
    this.#tokens = Math.min(this.max, this.#tokens + ((now - this.#at) * this.max) / this.perMs);
    this.#at = now;
  }

  /** Takes one token if there is one. */
  take(now: number): boolean {
    this.#refill(now);
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /** Milliseconds until a token is available (0 if one is). */
  waitMs(now: number): number {
    this.#refill(now);
    return this.#tokens >= 1 ? 0 : Math.ceil(((1 - this.#tokens) * this.perMs) / this.max);
  }
}
