import { createHash, randomBytes } from 'node:crypto';

/**
 * Token secrets: 32 random bytes, base64url, behind a recognisable prefix so secret scanners
 * (and people) can tell an Opsdeck token on sight. Only the SHA-256 is stored: a token is a
 * high-entropy random value, so a fast hash is enough and lookups stay O(1) by hash.
 */
export const TOKEN_PREFIX = 'odk_';
export const MIN_TOKEN_LENGTH = 32;

export function generateTokenSecret(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function hashToken(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Short public id for a token, e.g. `tok_9f2c1a7b3d4e`. */
export function generateTokenId(): string {
  return 'tok_' + randomBytes(6).toString('hex');
}
