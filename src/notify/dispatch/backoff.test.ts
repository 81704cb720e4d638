import { expect, it } from 'vitest';
import { MAX_RETRY_AFTER_MS, retryDelay } from './backoff.js';
import { TokenBucket } from './token-bucket.js';

const retry = { backoff: 1_000, max_backoff: 300_000 };

it('doubles the backoff each attempt, within ±20 % jitter', () => {
  expect([1, 2, 3, 4].map((n) => retryDelay(n, retry, undefined, () => 0.5))).toEqual([
    1_000, 2_000, 4_000, 8_000,
  ]);
  expect(retryDelay(3, retry, undefined, () => 0)).toBe(3_200);
  expect(retryDelay(3, retry, undefined, () => 1)).toBe(4_800);
});

it('caps the wait at max_backoff, even for attempt 50', () => {
  expect(retryDelay(12, retry, undefined, () => 1)).toBe(300_000);
  expect(retryDelay(50, retry, undefined, () => 0)).toBe(300_000);
});

it('believes Retry-After over the backoff, up to an hour', () => {
  expect(retryDelay(1, retry, 30_000)).toBe(30_000);
  expect(retryDelay(1, retry, 900_000)).toBe(900_000);
  expect(retryDelay(1, retry, 86_400_000)).toBe(MAX_RETRY_AFTER_MS);
  expect(retryDelay(1, retry, 0)).toBe(0);
});

it('token bucket: a burst of max, then one every per/max', () => {
  const bucket = new TokenBucket(2, 1_000, 0);
  expect([bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([true, true, false]);
  expect(bucket.waitMs(0)).toBe(500);
  expect(bucket.take(499)).toBe(false);
  expect(bucket.take(500)).toBe(true);
  expect(bucket.waitMs(500)).toBe(500);
  // Idle time refills up to max, never beyond.
  expect([bucket.take(10_000), bucket.take(10_000), bucket.take(10_000)]).toEqual([
    true,
    true,
    false,
  ]);
});
