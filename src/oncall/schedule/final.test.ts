/** Layers, restrictions, overrides, gaps and "who now": the final schedule, end to end. */
import { describe, expect, it } from 'vitest';
import { finalShifts, gapsOf, onCallAt } from './final.js';
import { onCallSummary } from './now.js';
import {
  at,
  localLines,
  override,
  scheduleOf,
  threeRotationSchedule,
  utcLines,
} from './testing.js';

const MADRID = 'Europe/Madrid';
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;

/** Nights and weekends on layer 1 (weekly), business hours on layer 2 (daily, restricted). */
const businessAndNights = scheduleOf({
  timezone: MADRID,
  rotations: [
    {
      name: 'nights',
      members: ['nora', 'nick'],
      every: '1w',
      handoff: 'Mon 09:00',
      start: '2026-03-16',
    },
    {
      name: 'business hours',
      members: ['alice', 'bob'],
      every: '1d',
      start: '2026-03-16',
      layer: 2,
      restrictions: [{ days: [...WEEKDAYS], from: '09:00', to: '18:00' }],
    },
  ],
});

describe('layers and restrictions', () => {
  it('business hours on layer 2 win over the night layer, across the spring change', () => {
    const s = finalShifts(
      businessAndNights,
      [],
      at('2026-03-27T00:00+01:00'),
      at('2026-03-31T00:00+02:00'),
    );
    expect(localLines(s, MADRID)).toEqual([
      'nick 03-27 00:00 +01:00–03-27 09:00 +01:00',
      'bob 03-27 09:00 +01:00–03-27 18:00 +01:00',
      // Friday evening to Monday morning in one shift, through the DST change.
      'nick 03-27 18:00 +01:00–03-30 09:00 +02:00',
      'alice 03-30 09:00 +02:00–03-30 18:00 +02:00',
      'nora 03-30 18:00 +02:00–03-31 00:00 +02:00',
    ]);
    expect(s.map((x) => [x.source, x.layer, x.rotation])).toEqual([
      ['rotation', 1, 0],
      ['rotation', 2, 1],
      ['rotation', 1, 0],
      ['rotation', 2, 1],
      ['rotation', 1, 0],
    ]);
  });

  it('a restricted rotation alone leaves gaps outside its windows', () => {
    const s = scheduleOf({
      timezone: MADRID,
      rotations: [
        {
          members: ['alice'],
          every: '1w',
          start: '2026-03-02',
          restrictions: [{ days: [...WEEKDAYS], from: '09:00', to: '18:00' }],
        },
      ],
    });
    const from = at('2026-03-27T00:00+01:00');
    const to = at('2026-03-31T00:00+02:00');
    const shifts = finalShifts(s, [], from, to);
    expect(localLines(shifts, MADRID)).toEqual([
      'alice 03-27 09:00 +01:00–03-27 18:00 +01:00',
      'alice 03-30 09:00 +02:00–03-30 18:00 +02:00',
    ]);
    expect(
      localLines(
        gapsOf(shifts, from, to).map((g) => ({ ...g, person: '-' })),
        MADRID,
      ),
    ).toEqual([
      '- 03-27 00:00 +01:00–03-27 09:00 +01:00',
      '- 03-27 18:00 +01:00–03-30 09:00 +02:00',
      '- 03-30 18:00 +02:00–03-31 00:00 +02:00',
    ]);
  });

  it('a window crossing midnight runs into the next day, Sunday into Monday too', () => {
    const s = scheduleOf({
      timezone: 'UTC',
      rotations: [
        {
          members: ['w'],
          every: '1w',
          start: '2026-01-05',
          handoff: '00:00',
          restrictions: [{ days: ['fri', 'sun'], from: '18:00', to: '09:00' }],
        },
      ],
    });
    const shifts = finalShifts(s, [], at('2026-01-09T00:00Z'), at('2026-01-13T00:00Z'));
    expect(utcLines(shifts)).toEqual([
      'w 2026-01-09T18:00Z–2026-01-10T09:00Z',
      'w 2026-01-11T18:00Z–2026-01-12T09:00Z',
    ]);
  });

  it('nobody before the first handoff, nobody from the end date on', () => {
    const s = scheduleOf({
      rotations: [{ members: ['a', 'b'], every: '1d', start: '2026-01-05', end: '2026-01-07' }],
    });
    expect(utcLines(finalShifts(s, [], at('2026-01-04T00:00Z'), at('2026-01-09T00:00Z')))).toEqual([
      'a 2026-01-05T09:00Z–2026-01-06T09:00Z',
      // The last turn is cut at the end date's midnight.
      'b 2026-01-06T09:00Z–2026-01-07T00:00Z',
    ]);
  });

  it('a single member’s consecutive turns are one shift', () => {
    const s = scheduleOf({ rotations: [{ members: ['solo'], every: '12h', start: '2026-01-01' }] });
    expect(utcLines(finalShifts(s, [], at('2026-01-02T00:00Z'), at('2026-01-09T00:00Z')))).toEqual([
      'solo 2026-01-02T00:00Z–2026-01-09T00:00Z',
    ]);
  });
});

describe('overrides', () => {
  const weekly = scheduleOf({
    rotations: [{ members: ['alice', 'bob'], every: '1d', handoff: '09:00', start: '2026-01-05' }],
  });
  const from = at('2026-01-05T09:00Z');
  const to = at('2026-01-09T09:00Z');

  it('without replaces: the override person for the whole range', () => {
    const o = override({
      person: 'carol',
      start: at('2026-01-05T20:00Z'),
      end: at('2026-01-07T12:00Z'),
    });
    const s = finalShifts(weekly, [o], from, to);
    expect(utcLines(s)).toEqual([
      'alice 2026-01-05T09:00Z–2026-01-05T20:00Z',
      'carol 2026-01-05T20:00Z–2026-01-07T12:00Z',
      'alice 2026-01-07T12:00Z–2026-01-08T09:00Z',
      'bob 2026-01-08T09:00Z–2026-01-09T09:00Z',
    ]);
    expect(s[1]).toMatchObject({ source: 'override', overrideId: o.id, layer: null });
  });

  it('with replaces: only the parts where that person is on call', () => {
    const o = override({
      person: 'carol',
      replaces: 'bob',
      start: at('2026-01-05T00:00Z'),
      end: at('2026-01-08T12:00Z'),
    });
    expect(utcLines(finalShifts(weekly, [o], from, to))).toEqual([
      'alice 2026-01-05T09:00Z–2026-01-06T09:00Z',
      'carol 2026-01-06T09:00Z–2026-01-07T09:00Z',
      'alice 2026-01-07T09:00Z–2026-01-08T09:00Z',
      'carol 2026-01-08T09:00Z–2026-01-08T12:00Z',
      'bob 2026-01-08T12:00Z–2026-01-09T09:00Z',
    ]);
  });

  it('the latest created wins where overrides overlap, whatever their order in the list', () => {
    const later = override({
      person: 'dave',
      start: at('2026-01-06T00:00Z'),
      end: at('2026-01-06T12:00Z'),
    });
    const earlier = override({
      person: 'carol',
      start: at('2026-01-05T12:00Z'),
      end: at('2026-01-06T18:00Z'),
      createdAt: later.createdAt - 1,
    });
    expect(utcLines(finalShifts(weekly, [later, earlier], from, at('2026-01-07T00:00Z')))).toEqual([
      'alice 2026-01-05T09:00Z–2026-01-05T12:00Z',
      'carol 2026-01-05T12:00Z–2026-01-06T00:00Z',
      'dave 2026-01-06T00:00Z–2026-01-06T12:00Z',
      'carol 2026-01-06T12:00Z–2026-01-06T18:00Z',
      'bob 2026-01-06T18:00Z–2026-01-07T00:00Z',
    ]);
  });

  it('replaces is read against the rotations, so a later "takes bob’s shifts" wins', () => {
    const everyone = override({
      person: 'carol',
      start: at('2026-01-06T10:00Z'),
      end: at('2026-01-06T12:00Z'),
    });
    const bobs = override({ person: 'dave', replaces: 'bob', start: from, end: to });
    expect(utcLines(finalShifts(weekly, [everyone, bobs], from, at('2026-01-07T09:00Z')))).toEqual([
      'alice 2026-01-05T09:00Z–2026-01-06T09:00Z',
      'dave 2026-01-06T09:00Z–2026-01-07T09:00Z',
    ]);
  });

  it('an override fills a gap, and the gaps shrink accordingly', () => {
    const s = scheduleOf({
      rotations: [
        {
          members: ['alice'],
          every: '1w',
          start: '2026-01-05',
          handoff: '00:00',
          restrictions: [{ from: '09:00', to: '17:00' }],
        },
      ],
    });
    const day = [at('2026-01-06T00:00Z'), at('2026-01-07T00:00Z')] as const;
    const o = override({
      person: 'carol',
      start: at('2026-01-06T17:00Z'),
      end: at('2026-01-06T20:00Z'),
    });
    const shifts = finalShifts(s, [o], ...day);
    expect(gapsOf(shifts, ...day)).toEqual([
      { start: at('2026-01-06T00:00Z'), end: at('2026-01-06T09:00Z') },
      { start: at('2026-01-06T20:00Z'), end: at('2026-01-07T00:00Z') },
    ]);
  });
});

describe('who is on call', () => {
  it('onCallAt: the final schedule at one instant, [] in a gap', () => {
    const o = override({
      person: 'carol',
      start: at('2026-03-30T10:00+02:00'),
      end: at('2026-03-30T11:00+02:00'),
    });
    expect(onCallAt(businessAndNights, [o], at('2026-03-30T08:59+02:00'))).toEqual(['nick']);
    expect(onCallAt(businessAndNights, [o], at('2026-03-30T09:00+02:00'))).toEqual(['alice']);
    expect(onCallAt(businessAndNights, [o], at('2026-03-30T10:30+02:00'))).toEqual(['carol']);
    expect(onCallAt(businessAndNights, [o], at('2026-03-30T18:00+02:00'))).toEqual(['nora']);
    expect(onCallAt(businessAndNights, [], at('2026-03-15T12:00Z'))).toEqual([]);
  });

  it('onCallSummary: until the person changes, and who is next', () => {
    const summary = onCallSummary(
      businessAndNights,
      [],
      at('2026-03-27T20:00+01:00'),
      7 * 86_400_000,
    );
    expect(summary).toEqual({
      people: ['nick'],
      until: at('2026-03-30T09:00+02:00'),
      next: ['alice'],
    });
    const before = onCallSummary(businessAndNights, [], at('2026-03-15T12:00Z'), 7 * 86_400_000);
    // Both rotations start at 09:00 on Monday 03-16; business hours are on top.
    expect(before).toEqual({ people: [], until: at('2026-03-16T08:00Z'), next: ['alice'] });
    const solo = scheduleOf({ rotations: [{ members: ['solo'], every: '1d' }] });
    expect(onCallSummary(solo, [], at('2026-03-15T12:00Z'), 86_400_000)).toEqual({
      people: ['solo'],
      until: null,
      next: null,
    });
  });
});

describe('performance', () => {
  it('a year of a three-rotation schedule (daily, restricted, 12 h) takes well under 50 ms (generous check)', () => {
    const s = threeRotationSchedule();
    const from = at('2026-01-01T00:00Z');
    const to = at('2027-01-01T00:00Z');
    finalShifts(s, [], from, to); // warm the offset cache and the JIT
    const started = performance.now();
    const shifts = finalShifts(s, [], from, to);
    const ms = performance.now() - started;
    expect(shifts.length).toBeGreaterThan(800);
    // The bound is twice the target so a loaded CI machine does not flake; bench/oncall.ts
    // prints the real figure.
    expect(ms).toBeLessThan(100);
  });
});
