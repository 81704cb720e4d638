import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { oncallSchema } from '../../config/schema/oncall.js';
import { schedulesSchema } from '../../config/schema/schedules.js';
import { scheduleGapWarnings } from './gaps.js';
import { validateSchedules } from './validate.js';

const parse = (input: z.input<typeof schedulesSchema>) => schedulesSchema.parse(input);
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;

describe('validateSchedules', () => {
  it('accepts layers that overlap and rotations on one layer that take turns by restriction', () => {
    const issues = validateSchedules(
      parse({
        sre: {
          rotations: [
            {
              members: ['a'],
              every: '1w',
              restrictions: [{ days: [...WEEKDAYS], from: '09:00', to: '18:00' }],
            },
            {
              members: ['b'],
              every: '1w',
              restrictions: [{ days: ['mon', 'tue', 'wed', 'thu'], from: '18:00', to: '09:00' }],
            },
            {
              members: ['c'],
              every: '1w',
              // Friday 18:00 to Monday 09:00.
              restrictions: [
                { days: ['fri'], from: '18:00', to: '24:00' },
                { days: ['sat', 'sun'], from: '00:00', to: '24:00' },
                { days: ['mon'], from: '00:00', to: '09:00' },
              ],
            },
            { members: ['d'], every: '1d', layer: 2 },
          ],
        },
      }),
    );
    expect(issues).toEqual([]);
  });

  it('reports rotations of one layer that can be on call at once, at the later one', () => {
    const issues = validateSchedules(
      parse({
        sre: {
          rotations: [
            {
              members: ['a'],
              every: '1w',
              restrictions: [{ days: [...WEEKDAYS], from: '09:00', to: '18:00' }],
            },
            {
              members: ['b'],
              every: '1w',
              restrictions: [{ days: ['fri'], from: '17:00', to: '10:00' }],
            },
          ],
        },
      }),
    );
    expect(issues).toEqual([
      {
        path: ['schedules', 'sre', 'rotations', 1],
        message:
          'overlaps rotations[0] on layer 1 (fri 17:00–18:00, from 2024-01-01 09:00); put one on another layer or give them restrictions that do not intersect',
      },
    ]);
  });

  it('does not report rotations of one layer that follow each other in time', () => {
    const issues = validateSchedules(
      parse({
        sre: {
          rotations: [
            { members: ['a'], every: '1w', start: '2026-01-05', end: '2026-02-02' },
            { members: ['b'], every: '1w', start: '2026-02-02' },
            {
              members: ['c'],
              every: '1w',
              start: '2026-02-01',
              handoff: 'Mon 09:00',
              end: '2026-02-03',
            },
          ],
        },
      }),
    );
    expect(issues).toEqual([
      {
        path: ['schedules', 'sre', 'rotations', 2],
        message: expect.stringMatching(
          /^overlaps rotations\[1\] on layer 1 \(at all times, from 2026-02-02 09:00 until 2026-02-03 00:00\); /,
        ),
      },
    ]);
  });

  it('reports weekday handoffs with turns that are not whole weeks, and ends not after starts', () => {
    const issues = validateSchedules(
      parse({
        sre: {
          rotations: [
            {
              members: ['a'],
              every: '3d',
              handoff: 'Mon 09:00',
              start: '2026-01-05',
              end: '2026-01-05',
            },
            {
              members: ['b'],
              every: '1d',
              start: '2026-03-01',
              end: '2026-03-02',
              layer: 2,
              handoff: '23:00',
            },
            {
              members: ['c'],
              every: '1w',
              layer: 3,
              handoff: 'Fri 09:00',
              start: '2026-03-02',
              end: '2026-03-04',
            },
          ],
        },
      }),
    );
    expect(issues).toEqual([
      {
        path: ['schedules', 'sre', 'rotations', 0, 'every'],
        message: 'with a weekday handoff (mon) turns must be whole weeks (1w, 2w, …); got 3d',
      },
      {
        path: ['schedules', 'sre', 'rotations', 0, 'end'],
        message: 'must be after start (2026-01-05)',
      },
      {
        path: ['schedules', 'sre', 'rotations', 2, 'end'],
        message:
          'the rotation ends before its first handoff (2026-03-06 09:00), so nobody is ever on call',
      },
    ]);
  });

  it('reports a restriction that never applies within the rotation’s dates', () => {
    const issues = validateSchedules(
      parse({
        sre: {
          rotations: [
            {
              members: ['a'],
              every: '1d',
              start: '2026-03-02',
              end: '2026-03-05',
              restrictions: [
                { days: ['tue'], from: '09:00', to: '18:00' },
                { days: ['sat', 'sun'], from: '09:00', to: '18:00' },
              ],
            },
          ],
        },
      }),
    );
    expect(issues).toEqual([
      {
        path: ['schedules', 'sre', 'rotations', 0, 'restrictions', 1],
        message:
          'covers nothing: none of its days falls between the first handoff (2026-03-02 09:00, a Monday) and end',
      },
    ]);
  });
});

describe('scheduleGapWarnings', () => {
  it('warns once per schedule with gaps in the horizon, none for a full schedule', () => {
    const schedules = parse({
      full: { rotations: [{ members: ['a', 'b'], every: '1w' }] },
      office: {
        timezone: 'Europe/Madrid',
        rotations: [
          {
            members: ['a'],
            every: '1w',
            restrictions: [{ days: [...WEEKDAYS], from: '09:00', to: '18:00' }],
          },
        ],
      },
    });
    const warnings = scheduleGapWarnings(
      { schedules, oncall: oncallSchema.parse({ gap_horizon: '7d' }) },
      Date.parse('2026-03-02T00:00:00+01:00'),
    );
    expect(warnings).toEqual([
      {
        path: ['schedules', 'office'],
        message:
          'nobody is on call for 123h of the next 1w: 2026-03-02 00:00 to 2026-03-02 09:00 (Europe/Madrid) and 5 more',
      },
    ]);
  });
});
