import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signToken, verifyToken } from './signed-token.js';

describe('signed tokens', () => {
  const key = randomBytes(32);
  const payload = { a: 'ack', s: 42, p: 'alice', e: Math.floor(Date.now() / 1000) + 60 };

  it('verifies what it signed', () => {
    const result = verifyToken(key, signToken(key, payload));
    expect(result).toEqual({ ok: true, payload });
  });

  it('refuses a token signed with another key, a changed payload or garbage', () => {
    const token = signToken(key, payload);
    expect(verifyToken(randomBytes(32), token)).toEqual({ ok: false, reason: 'invalid' });
    const forged = Buffer.from(JSON.stringify({ ...payload, s: 43 })).toString('base64url');
    expect(verifyToken(key, `${forged}.${token.split('.')[1]}`)).toEqual({
      ok: false,
      reason: 'invalid',
    });
    for (const bad of ['', '.', 'abc', 'abc.def', `${token}x`])
      expect(verifyToken(key, bad).ok).toBe(false);
  });

  it('refuses an expired token', () => {
    const token = signToken(key, { ...payload, e: 1000 });
    expect(verifyToken(key, token)).toEqual({ ok: false, reason: 'expired' });
  });
});
