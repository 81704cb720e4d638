import { describe, expect, it } from 'vitest';
import { BYTE_SIZE_PATTERN, parseByteSize, tryParseByteSize } from './byte-size.js';

describe('parseByteSize', () => {
  it.each([
    ['1MiB', 1_048_576],
    ['512KiB', 524_288],
    ['2MB', 2_000_000],
    ['1kB', 1000],
    ['1GiB', 2 ** 30],
    ['1.5KiB', 1536],
    ['10 MB', 10_000_000],
    ['100B', 100],
    ['1mib', 1_048_576],
    [4096, 4096],
  ] as const)('parses %j', (input, bytes) => {
    expect(parseByteSize(input)).toBe(bytes);
  });

  it.each(['', '1', 'MiB', '1XB', '-1MB', '1 MiB extra', ' 1MiB'])('rejects %j', (input) => {
    expect(tryParseByteSize(input)).toBeUndefined();
  });

  it('rejects negative and fractional numbers of bytes', () => {
    expect(tryParseByteSize(-1)).toBeUndefined();
    expect(tryParseByteSize(1.5)).toBeUndefined();
  });

  it('throws a readable message', () => {
    expect(() => parseByteSize('1XB')).toThrow(
      "invalid byte size '1XB': expected a size like 512KiB, 1MiB or 2MB",
    );
  });

  it('agrees with the JSON Schema pattern editors use', () => {
    const pattern = new RegExp(BYTE_SIZE_PATTERN);
    for (const text of ['1MiB', '2MB', '1.5 kib', '7b']) expect(pattern.test(text)).toBe(true);
    for (const text of ['1XB', 'MB', '1 MiB x']) expect(pattern.test(text)).toBe(false);
  });
});
