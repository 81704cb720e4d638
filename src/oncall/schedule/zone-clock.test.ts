import { DateTime, IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { ZoneClock } from './zone-clock.js';

const ZONES = ['Europe/Madrid', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'UTC'];
const HOUR = 3_600_000;

describe('ZoneClock', () => {
  it('agrees with luxon on the offset, every 3 h 7 min over two years', () => {
    for (const zone of ZONES) {
      const clock = new ZoneClock(zone);
      for (
        let t = Date.parse('2025-06-01T00:00Z');
        t < Date.parse('2027-06-01T00:00Z');
        t += 187 * 60_000
      )
        if (clock.offsetAt(t) !== IANAZone.create(zone).offset(t) * 60_000)
          throw new Error(`${zone} at ${new Date(t).toISOString()}`);
    }
  });

  it('round-trips every local time that exists once', () => {
    for (const zone of ZONES) {
      const clock = new ZoneClock(zone);
      for (
        let t = Date.parse('2026-01-01T00:00Z');
        t < Date.parse('2027-01-01T00:00Z');
        t += 23 * 60_000
      ) {
        const local = clock.toLocal(t);
        const back = clock.toInstant(local);
        // Times in an overlap map back to their first occurrence, up to an hour earlier.
        if (back !== t && !(back < t && t - back <= HOUR && clock.toLocal(back) === local))
          throw new Error(`${zone} at ${new Date(t).toISOString()}`);
      }
    }
  });

  it('moves gap times forward and takes the first of overlapping times', () => {
    const madrid = new ZoneClock('Europe/Madrid');
    expect(madrid.toInstant(Date.parse('2026-03-29T02:00Z'))).toBe(Date.parse('2026-03-29T01:00Z'));
    expect(madrid.toInstant(Date.parse('2026-03-29T02:59Z'))).toBe(Date.parse('2026-03-29T01:59Z'));
    expect(madrid.toInstant(Date.parse('2026-10-25T02:00Z'))).toBe(Date.parse('2026-10-25T00:00Z'));
    expect(madrid.toInstant(Date.parse('2026-10-25T03:00Z'))).toBe(Date.parse('2026-10-25T02:00Z'));
    // Lord Howe moves by 30 minutes.
    const howe = new ZoneClock('Australia/Lord_Howe');
    const gap = DateTime.fromISO('2026-10-04T02:15', { zone: 'Australia/Lord_Howe' });
    expect(howe.toInstant(Date.parse('2026-10-04T02:15Z'))).toBe(gap.toMillis());
  });

  it('refuses an unknown zone', () => {
    expect(() => new ZoneClock('Mars/Olympus')).toThrow(/unknown time zone/);
  });
});
