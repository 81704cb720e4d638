/** The longest wait a receiver's Retry-After (or Telegram's `retry_after`) can impose. */
export const MAX_RETRY_AFTER_MS = 3_600_000;

/** Jitter of ±20 %: retries of many notifications failed at once do not stampede together. */
const JITTER = 0.2;

export interface RetrySettings {
  backoff: number;
  max_backoff: number;
}

/**
 * The wait after failed attempt `n` (1-based): `backoff * 2^(n-1)` with jitter, capped by
 * `max_backoff`. A receiver that said when to come back is believed instead, up to an hour
 * (it knows its own rate limit better than our backoff does).
 */
export function retryDelay(
  n: number,
  retry: RetrySettings,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs >= 0)
    return Math.round(Math.min(retryAfterMs, MAX_RETRY_AFTER_MS));
  const base = retry.backoff * 2 ** Math.min(n - 1, 40);
  const jittered = base * (1 - JITTER + 2 * JITTER * random());
  return Math.round(Math.min(jittered, retry.max_backoff));
}
