/**
 * Handoffs are wall-clock times: across the 2026 DST changes of Europe/Madrid (03-29, 10-25)
 * and America/New_York (03-08, 11-01), a 09:00 handoff stays 09:00 local and the turn around
 * the change is an hour shorter or longer. Expected instants are written out by hand.
 */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { rotationSchema } from '../../config/schema/schedules.js';
import { finalShifts } from './final.js';
import { at, localLines, scheduleOf, utcLines } from './testing.js';

const MADRID = 'Europe/Madrid';
const NEW_YORK = 'America/New_York';

function shifts(
  timezone: string,
  rotation: Omit<z.input<typeof rotationSchema>, 'members'>,
  from: string,
  to: string,
): ReturnType<typeof finalShifts> {
  const schedule = scheduleOf({ timezone, rotations: [{ members: ['a', 'b'], ...rotation }] });
  return finalShifts(schedule, [], at(from), at(to));
}

describe('Europe/Madrid', () => {
  it('weekly Mon 09:00 stays 09:00 across the spring change; that week is 167 h', () => {
    const s = shifts(
      MADRID,
      { every: '1w', handoff: 'Mon 09:00', start: '2026-03-16' },
      '2026-03-16T00:00Z',
      '2026-04-13T00:00Z',
    );
    expect(localLines(s, MADRID)).toEqual([
      'a 03-16 09:00 +01:00–03-23 09:00 +01:00',
      'b 03-23 09:00 +01:00–03-30 09:00 +02:00',
      'a 03-30 09:00 +02:00–04-06 09:00 +02:00',
      'b 04-06 09:00 +02:00–04-13 02:00 +02:00',
    ]);
    expect(s[1]!.end - s[1]!.start).toBe(167 * 3_600_000);
  });

  it('weekly Mon 09:00 stays 09:00 across the autumn change; that week is 169 h', () => {
    const s = shifts(
      MADRID,
      { every: '1w', handoff: 'Mon 09:00', start: '2026-10-15' },
      '2026-10-19T00:00Z',
      '2026-11-02T12:00Z',
    );
    // Start is a Thursday: the first handoff is the next Monday, nobody before it.
    expect(utcLines(s)).toEqual([
      'a 2026-10-19T07:00Z–2026-10-26T08:00Z',
      'b 2026-10-26T08:00Z–2026-11-02T08:00Z',
      'a 2026-11-02T08:00Z–2026-11-02T12:00Z',
    ]);
  });

  it('daily 09:00: 23 h on 03-28, 25 h on 10-24', () => {
    const spring = shifts(
      MADRID,
      { every: '1d', start: '2026-03-27' },
      '2026-03-27T00:00Z',
      '2026-03-30T12:00Z',
    );
    expect(utcLines(spring)).toEqual([
      'a 2026-03-27T08:00Z–2026-03-28T08:00Z',
      'b 2026-03-28T08:00Z–2026-03-29T07:00Z',
      'a 2026-03-29T07:00Z–2026-03-30T07:00Z',
      'b 2026-03-30T07:00Z–2026-03-30T12:00Z',
    ]);
    const autumn = shifts(
      MADRID,
      { every: '1d', start: '2026-10-24' },
      '2026-10-24T00:00Z',
      '2026-10-26T12:00Z',
    );
    expect(localLines(autumn, MADRID)).toEqual([
      'a 10-24 09:00 +02:00–10-25 09:00 +01:00',
      'b 10-25 09:00 +01:00–10-26 09:00 +01:00',
      'a 10-26 09:00 +01:00–10-26 13:00 +01:00',
    ]);
    expect(autumn[0]!.end - autumn[0]!.start).toBe(25 * 3_600_000);
  });

  it('12h turns hand off at 09:00 and 21:00 local; the night of the change is 11 h or 13 h', () => {
    const spring = shifts(
      MADRID,
      { every: '12h', start: '2026-03-28' },
      '2026-03-28T00:00Z',
      '2026-03-29T19:00Z',
    );
    expect(utcLines(spring)).toEqual([
      'a 2026-03-28T08:00Z–2026-03-28T20:00Z',
      'b 2026-03-28T20:00Z–2026-03-29T07:00Z',
      'a 2026-03-29T07:00Z–2026-03-29T19:00Z',
    ]);
    const autumn = shifts(
      MADRID,
      { every: '12h', start: '2026-10-24' },
      '2026-10-24T00:00Z',
      '2026-10-25T20:00Z',
    );
    expect(localLines(autumn, MADRID)).toEqual([
      'a 10-24 09:00 +02:00–10-24 21:00 +02:00',
      'b 10-24 21:00 +02:00–10-25 09:00 +01:00',
      'a 10-25 09:00 +01:00–10-25 21:00 +01:00',
    ]);
  });

  it('a handoff in the spring gap moves forward; one in the autumn overlap takes the first', () => {
    const gap = shifts(
      MADRID,
      { every: '1d', handoff: '02:30', start: '2026-03-28' },
      '2026-03-28T00:00Z',
      '2026-03-30T00:30Z',
    );
    // 02:30 does not exist on 03-29: it is read as 03:30 CEST, the same instant as 01:30Z.
    expect(utcLines(gap)).toEqual([
      'a 2026-03-28T01:30Z–2026-03-29T01:30Z',
      'b 2026-03-29T01:30Z–2026-03-30T00:30Z',
    ]);
    const overlap = shifts(
      MADRID,
      { every: '1d', handoff: '02:30', start: '2026-10-24' },
      '2026-10-24T00:00Z',
      '2026-10-26T01:30Z',
    );
    // 02:30 happens twice on 10-25: the first (CEST, 00:30Z) is the handoff.
    expect(utcLines(overlap)).toEqual([
      'a 2026-10-24T00:30Z–2026-10-25T00:30Z',
      'b 2026-10-25T00:30Z–2026-10-26T01:30Z',
    ]);
  });
});

describe('America/New_York', () => {
  it('daily 09:00 across 03-08 (23 h) and 11-01 (25 h)', () => {
    const spring = shifts(
      NEW_YORK,
      { every: '1d', start: '2026-03-07' },
      '2026-03-07T00:00Z',
      '2026-03-09T13:00Z',
    );
    expect(utcLines(spring)).toEqual([
      'a 2026-03-07T14:00Z–2026-03-08T13:00Z',
      'b 2026-03-08T13:00Z–2026-03-09T13:00Z',
    ]);
    const autumn = shifts(
      NEW_YORK,
      { every: '1d', start: '2026-10-31' },
      '2026-10-31T00:00Z',
      '2026-11-02T14:00Z',
    );
    expect(localLines(autumn, NEW_YORK)).toEqual([
      'a 10-31 09:00 -04:00–11-01 09:00 -05:00',
      'b 11-01 09:00 -05:00–11-02 09:00 -05:00',
    ]);
  });

  it('weekly Mon 09:00 across both changes', () => {
    const spring = shifts(
      NEW_YORK,
      { every: '1w', handoff: 'monday 09:00', start: '2026-03-02' },
      '2026-03-02T00:00Z',
      '2026-03-16T13:00Z',
    );
    expect(utcLines(spring)).toEqual([
      'a 2026-03-02T14:00Z–2026-03-09T13:00Z',
      'b 2026-03-09T13:00Z–2026-03-16T13:00Z',
    ]);
    const autumn = shifts(
      NEW_YORK,
      { every: '1w', handoff: 'Mon 09:00', start: '2026-10-26' },
      '2026-10-26T00:00Z',
      '2026-11-09T14:00Z',
    );
    expect(localLines(autumn, NEW_YORK)).toEqual([
      'a 10-26 09:00 -04:00–11-02 09:00 -05:00',
      'b 11-02 09:00 -05:00–11-09 09:00 -05:00',
    ]);
  });

  it('12h turns: 13 h on the night of 11-01', () => {
    const s = shifts(
      NEW_YORK,
      { every: '12h', start: '2026-10-31' },
      '2026-10-31T00:00Z',
      '2026-11-02T02:00Z',
    );
    expect(utcLines(s)).toEqual([
      'a 2026-10-31T13:00Z–2026-11-01T01:00Z',
      'b 2026-11-01T01:00Z–2026-11-01T14:00Z',
      'a 2026-11-01T14:00Z–2026-11-02T02:00Z',
    ]);
  });

  it('handoffs in the gap (02:30 on 03-08) and the overlap (01:30 on 11-01)', () => {
    const gap = shifts(
      NEW_YORK,
      { every: '1d', handoff: '02:30', start: '2026-03-07' },
      '2026-03-07T00:00Z',
      '2026-03-09T06:30Z',
    );
    expect(utcLines(gap)).toEqual([
      'a 2026-03-07T07:30Z–2026-03-08T07:30Z',
      'b 2026-03-08T07:30Z–2026-03-09T06:30Z',
    ]);
    const overlap = shifts(
      NEW_YORK,
      { every: '1d', handoff: '01:30', start: '2026-10-31' },
      '2026-10-31T00:00Z',
      '2026-11-02T06:30Z',
    );
    expect(utcLines(overlap)).toEqual([
      'a 2026-10-31T05:30Z–2026-11-01T05:30Z',
      'b 2026-11-01T05:30Z–2026-11-02T06:30Z',
    ]);
  });
});
