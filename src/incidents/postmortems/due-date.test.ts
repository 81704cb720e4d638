import { expect, it } from 'vitest';
import { parseDue } from './due-date.js';

it('reads a date as the end of that day (UTC) and an ISO time as it is', () => {
  expect(new Date(parseDue('2026-05-01')).toISOString()).toBe('2026-05-01T23:59:59.999Z');
  expect(parseDue('2026-05-01T10:00:00Z')).toBe(Date.parse('2026-05-01T10:00:00Z'));
  expect(() => parseDue('2026-02-30')).toThrow(/due: '2026-02-30' is not a date/);
  expect(() => parseDue('soon')).toThrow(/due: expected an ISO 8601 time/);
});
