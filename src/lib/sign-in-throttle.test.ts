import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { SignInThrottle } from './sign-in-throttle.js';

describe('SignInThrottle', () => {
  it('refuses a key after its failures until the window ends', () => {
    let now = 1_000_000;
    const t = new SignInThrottle({ maxFailures: 3, windowMs: 60_000, now: () => now });
    const keys = ['person:alice', 'ip:10.0.0.1'];
    for (let i = 0; i < 3; i++) {
      expect(() => t.check(keys)).not.toThrow();
      t.failed(keys);
    }
    let error: unknown;
    try {
      t.check(['ip:10.0.0.1']);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('rate_limited');
    expect((error as AppError).message).toBe('too many failed sign-ins; try again in 1 min');
    expect((error as AppError).details).toEqual({ retry_after_s: 60 });
    expect(() => t.check(['person:bob'])).not.toThrow();
    now += 60_000;
    expect(() => t.check(keys)).not.toThrow();
  });

  it('forgets a person after a right password, not the address', () => {
    const t = new SignInThrottle({ maxFailures: 2 });
    t.failed(['person:alice', 'ip:a']);
    t.failed(['person:alice', 'ip:a']);
    t.succeeded('person:alice');
    expect(() => t.check(['person:alice'])).not.toThrow();
    expect(() => t.check(['ip:a'])).toThrow(/too many failed sign-ins/);
  });
});
