import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors.js';
import { formatDuration, parseDuration, tryParseDuration } from './duration.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30 * S],
    ['5m', 5 * M],
    ['1h30m', H + 30 * M],
    ['48h', 48 * H],
    ['7d', 7 * D],
    ['1w', 7 * D],
    ['1y', 365 * D],
    ['1d2h3m4s5ms', D + 2 * H + 3 * M + 4 * S + 5],
    ['0', 0],
    ['0s', 0],
    ['90m', 90 * M],
  ])('parses %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '5', '1.5h', '1h1h', '30m1h', '-5m', '5 m', '5M', 'm', '1h 30m', '10000000000000y'])(
    'rejects %j',
    (text) => {
      expect(tryParseDuration(text)).toBeUndefined();
    },
  );

  it('throws a readable AppError for invalid text', () => {
    let caught: unknown;
    try {
      parseDuration('1.5h');
    } catch (error) {
      caught = error;
    }
    expect(isAppError(caught) && caught.code).toBe('bad_request');
    expect((caught as Error).message).toBe(
      "invalid duration '1.5h': expected a duration like 30s, 5m, 1h30m or 7d (units y, w, d, h, m, s, ms, largest first)",
    );
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [500, '500ms'],
    [90 * M, '1h30m'],
    [48 * H, '2d'],
    [8 * D, '1w1d'],
    [366 * D + 1, '1y1d1ms'],
  ])('formats %d as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('round-trips through parseDuration', () => {
    for (const ms of [1, 999, 61_000, 3_723_004, 400 * D])
      expect(parseDuration(formatDuration(ms))).toBe(ms);
  });

  it('rejects negative and fractional numbers', () => {
    expect(() => formatDuration(-1)).toThrow(RangeError);
    expect(() => formatDuration(1.5)).toThrow(RangeError);
  });
});
