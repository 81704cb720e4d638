import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rankIndex, select, summarize } from './statistics.js';

const values = (...ms: number[]) => Float64Array.from(ms);

describe('nearest-rank percentiles', () => {
  it('are the values at rank ⌈p/100 × n⌉', () => {
    expect(rankIndex(10, 50)).toBe(4); // rank 5
    expect(rankIndex(10, 90)).toBe(8); // rank 9
    expect(rankIndex(10, 95)).toBe(9); // rank ⌈9.5⌉ = 10
    expect(rankIndex(4, 50)).toBe(1); // rank 2: no interpolation between 2 and 3
    expect(rankIndex(1, 95)).toBe(0);
    expect(rankIndex(10, 0)).toBe(0); // rank 1 at least
  });

  it('are found by selection, whatever the order of the values', () => {
    const ten = values(100, 30, 90, 10, 60, 50, 80, 20, 70, 40).map((v) => v * 1000);
    expect(summarize(ten)).toEqual({ count: 10, mean: 55, p50: 50, p90: 90, p95: 100, max: 100 });
    expect(summarize(values(4000, 1000, 3000, 2000))).toMatchObject({ p50: 2, p90: 4 });
  });

  it('agree with sorting on any values, duplicates and large inputs included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1e6, max: 1e10 }), { minLength: 1, maxLength: 3000 }),
        fc.boolean(),
        (list, fewDistinct) => {
          const ms = fewDistinct ? list.map((v) => Math.abs(v) % 7) : list;
          const sorted = [...ms].sort((a, b) => a - b);
          const at = (p: number) => sorted[rankIndex(sorted.length, p)]! / 1000;
          const got = summarize(Float64Array.from(ms));
          expect(got).toEqual({
            count: ms.length,
            mean: Math.round(ms.reduce((a, b) => a + b, 0) / ms.length) / 1000,
            p50: at(50),
            p90: at(90),
            p95: at(95),
            max: sorted[sorted.length - 1]! / 1000,
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('agree with sorting on 50,000 values (the sampling branch of the selection)', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (const distinct of [50_000, 40]) {
      const ms = Array.from({ length: 50_000 }, () => Math.floor(random() * distinct) * 1000);
      const sorted = [...ms].sort((a, b) => a - b);
      const got = summarize(Float64Array.from(ms));
      for (const p of [50, 90, 95] as const)
        expect(got[`p${p}`]).toBe(sorted[rankIndex(ms.length, p)]! / 1000);
    }
  });

  it('select puts the k-th smallest value at k', () => {
    const a = values(5, 1, 4, 1, 5, 9, 2, 6, 5, 3);
    select(a, 3);
    expect(a[3]).toBe(3);
    expect([...a.subarray(0, 3)].every((v) => v <= 3)).toBe(true);
    expect([...a.subarray(4)].every((v) => v >= 3)).toBe(true);
  });
});

describe('summarize', () => {
  it('gives count, mean, p50, p90, p95 and max in seconds (to the millisecond)', () => {
    // 20 values: 1 s … 20 s. p50 rank 10, p90 rank 18, p95 rank 19.
    const ms = values(...Array.from({ length: 20 }, (_, i) => (20 - i) * 1000));
    expect(summarize(ms)).toEqual({ count: 20, mean: 10.5, p50: 10, p90: 18, p95: 19, max: 20 });
    expect(summarize(values(2, 1))).toEqual({
      count: 2,
      mean: 0.002, // 1.5 ms rounds to 2 ms
      p50: 0.001,
      p90: 0.002,
      p95: 0.002,
      max: 0.002,
    });
  });

  it('has null figures when there are no values', () => {
    expect(summarize(new Float64Array(0))).toEqual({
      count: 0,
      mean: null,
      p50: null,
      p90: null,
      p95: null,
      max: null,
    });
  });
});
