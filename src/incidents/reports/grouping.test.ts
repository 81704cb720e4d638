import { describe, expect, it } from 'vitest';
import { figuresByGroup, groupByKey, groupByService, type Durations } from './grouping.js';

const S = 1000;
/** Three incidents: ack 60 s, not acknowledged, 180 s; the second breached. */
const durations: Durations = {
  detect: Float64Array.from([0, 10 * S, NaN]),
  acknowledge: Float64Array.from([60 * S, NaN, 180 * S]),
  mitigate: Float64Array.from([NaN, NaN, NaN]),
  resolve: Float64Array.from([120 * S, 240 * S, NaN]),
  breached: Uint8Array.from([0, 1, 0]),
};

describe('groupByKey', () => {
  it('keeps the given order (empty groups too), then other keys by name, then null', () => {
    const g = groupByKey(['P2', null, 'X', 'P1', 'A'], ['P0', 'P1', 'P2']);
    expect(g.keys).toEqual(['P0', 'P1', 'P2', 'A', 'X', null]);
    expect([...g.membership.group]).toEqual([2, 5, 4, 1, 3]);
    expect([...g.membership.start]).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe('groupByService', () => {
  it('puts an incident in each of its services, and unlinked ones under null', () => {
    // Incident 0: api, db; incident 1: api; incident 2: none.
    const g = groupByService(3, { row: Int32Array.from([0, 0, 1]), service: ['db', 'api', 'api'] });
    expect(g.keys).toEqual(['api', 'db', null]);
    const figures = figuresByGroup(durations, g.membership);
    expect(figures.map((f) => [f.incidents, f.breaches, f.time_to_acknowledge.count])).toEqual([
      [2, 1, 1],
      [1, 0, 1],
      [1, 0, 1],
    ]);
    expect(figures[0]!.time_to_resolve).toEqual({
      count: 2,
      mean: 180,
      p50: 120,
      p90: 240,
      p95: 240,
      max: 240,
    });
    expect(figures[2]!.time_to_acknowledge.mean).toBe(180);
  });

  it('orders services with as many incidents by name', () => {
    const g = groupByService(2, { row: Int32Array.from([0, 1]), service: ['web', 'db'] });
    expect(g.keys).toEqual(['db', 'web']);
  });
});
