/**
 * Byte sizes such as `512KiB`, `1MiB` or `2MB`, for limits people write by hand.
 * Decimal units (kB, MB, …) are powers of 1000 and binary units (KiB, MiB, …) powers of 1024,
 * as in IEC 80000-13, so `1MB` and `1MiB` are different on purpose. Units are case-insensitive
 * because `1mb` and `1Mb` are common in handbooks and nobody means "megabit" in a body limit.
 */

import { AppError } from '../errors.js';

const FACTORS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

/** Source of the regular expression a byte-size string must match (also used in the JSON Schema). */
export const BYTE_SIZE_PATTERN = '^([0-9]+(?:\\.[0-9]+)?)\\s*((?:[kKmMgGtT][iI]?)?[bB])$';

// JSON Schema patterns take no flags, so the pattern spells out both cases itself.
const BYTE_SIZE_RE = new RegExp(BYTE_SIZE_PATTERN);

/**
 * Parses a byte size into a whole number of bytes (fractions round to the nearest byte).
 * Plain non-negative integers are taken as bytes. Returns `undefined` when invalid.
 */
export function tryParseByteSize(input: string | number): number | undefined {
  if (typeof input === 'number') {
    return Number.isSafeInteger(input) && input >= 0 ? input : undefined;
  }
  const match = BYTE_SIZE_RE.exec(input);
  if (!match) return undefined;
  const [, amount = '', unit = ''] = match;
  const factor = FACTORS[unit.toLowerCase()];
  if (factor === undefined) return undefined;
  const bytes = Math.round(Number(amount) * factor);
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}

/**
 * Parses a byte size (`1MiB`, `512KiB`, `2MB`, or a number of bytes) into bytes.
 * @throws AppError `bad_request` with a readable message when the input is not a byte size.
 */
export function parseByteSize(input: string | number): number {
  const bytes = tryParseByteSize(input);
  if (bytes === undefined) {
    throw new AppError(
      'bad_request',
      `invalid byte size '${input}': expected a size like 512KiB, 1MiB or 2MB`,
    );
  }
  return bytes;
}
