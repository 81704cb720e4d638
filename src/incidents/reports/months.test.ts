import { describe, expect, it } from 'vitest';
import { isZone, monthIndex, monthsOf } from './months.js';

const at = (iso: string) => Date.parse(iso);
const month = (m: ReturnType<typeof monthsOf>, iso: string) =>
  m.labels[monthIndex(m.starts, at(iso))];

describe('calendar months in a time zone', () => {
  it('starts each month at local midnight on the 1st, across a DST change (Europe/Madrid)', () => {
    // Summer time starts on 2025-03-30: March 1 is UTC+1, April 1 is UTC+2.
    const m = monthsOf(at('2025-02-15T00:00:00Z'), at('2025-05-01T00:00:00Z'), 'Europe/Madrid');
    expect(m.labels).toEqual(['2025-02', '2025-03', '2025-04', '2025-05']);
    expect([...m.starts].map((s) => new Date(s).toISOString())).toEqual([
      '2025-01-31T23:00:00.000Z',
      '2025-02-28T23:00:00.000Z',
      '2025-03-31T22:00:00.000Z',
      '2025-04-30T22:00:00.000Z',
    ]);
    expect(month(m, '2025-03-31T21:59:59.999Z')).toBe('2025-03'); // 23:59:59 local
    expect(month(m, '2025-03-31T22:00:00.000Z')).toBe('2025-04'); // 00:00 local
    expect(month(m, '2025-02-28T22:59:59.999Z')).toBe('2025-02');
    expect(month(m, '2025-02-28T23:00:00.000Z')).toBe('2025-03');
  });

  it('puts the last evening of the year (UTC) in January when the zone is already there', () => {
    const m = monthsOf(at('2024-12-01T00:00:00Z'), at('2025-01-15T00:00:00Z'), 'Europe/Madrid');
    expect(m.labels).toEqual(['2024-12', '2025-01']);
    expect(month(m, '2024-12-31T22:59:59.999Z')).toBe('2024-12');
    expect(month(m, '2024-12-31T23:30:00.000Z')).toBe('2025-01'); // 00:30 on Jan 1 in Madrid
    // In UTC the same instant is still December.
    const utc = monthsOf(at('2024-12-01T00:00:00Z'), at('2025-01-15T00:00:00Z'), 'UTC');
    expect(month(utc, '2024-12-31T23:30:00.000Z')).toBe('2024-12');
  });

  it('lists every month overlapping [from, to), and none at or after `to`', () => {
    const m = monthsOf(at('2025-01-31T12:00:00Z'), at('2025-03-01T00:00:00Z'), 'UTC');
    expect(m.labels).toEqual(['2025-01', '2025-02']);
    expect(
      monthsOf(at('2025-01-01T00:00:00Z'), at('2030-01-01T00:00:00Z'), 'UTC').labels,
    ).toHaveLength(60);
  });

  it('finds no month before the first one', () => {
    const m = monthsOf(at('2025-01-10T00:00:00Z'), at('2025-02-10T00:00:00Z'), 'UTC');
    expect(monthIndex(m.starts, at('2024-12-31T00:00:00Z'))).toBe(-1);
  });

  it('knows IANA zones', () => {
    expect(isZone('Europe/Madrid')).toBe(true);
    expect(isZone('UTC')).toBe(true);
    expect(isZone('Mars/Olympus')).toBe(false);
    expect(isZone('')).toBe(false);
  });
});
