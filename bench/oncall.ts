/**
 * bench/oncall: the schedule engine on a three-rotation schedule in Europe/Madrid (daily turns,
 * business hours on layer 2, 12-hour weekend turns on layer 3, two overrides): a year of final
 * shifts (target well under 50 ms), and `onCallAt` as paging calls it (target well under 1 ms).
 * `node --import tsx bench/oncall.ts`; prints a table and a JSON line.
 */
import { finalShifts, onCallAt, type OverrideSpan } from '../src/oncall/schedule/index.js';
import { threeRotationSchedule } from '../src/oncall/schedule/testing.js';
import { ms, percentile, printTable, type Row } from './lib.js';

const schedule = threeRotationSchedule();
const from = Date.parse('2026-01-01T00:00:00Z');
const to = Date.parse('2027-01-01T00:00:00Z');
const overrides: OverrideSpan[] = [
  {
    id: 'o1',
    person: 'x',
    replaces: null,
    start: from + 40 * 86_400_000,
    end: from + 43 * 86_400_000,
    createdAt: 1,
  },
  {
    id: 'o2',
    person: 'y',
    replaces: 'e',
    start: from + 100 * 86_400_000,
    end: from + 130 * 86_400_000,
    createdAt: 2,
  },
];

const us = (n: number) => `${(n * 1000).toFixed(1)} µs`;

function timed(runs: number, work: (i: number) => unknown): number[] {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    work(i);
    out.push(performance.now() - started);
  }
  return out.sort((a, b) => a - b);
}

const cold = timed(1, () => finalShifts(schedule, overrides, from, to))[0]!;
const year = timed(50, () => finalShifts(schedule, overrides, from, to));
const shifts = finalShifts(schedule, overrides, from, to).length;
const at = timed(20_000, (i) => onCallAt(schedule, overrides, from + i * 1_579_000));

const rows: Row[] = [
  { measure: 'a year of final shifts, first call', p50: ms(cold), p99: ms(cold), shifts },
  {
    measure: 'a year of final shifts',
    p50: ms(percentile(year, 50)),
    p99: ms(percentile(year, 99)),
    shifts,
  },
  { measure: 'onCallAt', p50: us(percentile(at, 50)), p99: us(percentile(at, 99)), shifts: 1 },
];
printTable('oncall: schedule engine (3 rotations, Europe/Madrid)', rows);
