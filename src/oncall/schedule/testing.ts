/**
 * Helpers for the schedule tests: schedules written as in YAML (defaults applied by the real
 * schema), instants from ISO text, shifts printed compactly. Kept free of vitest.
 */
import { DateTime } from 'luxon';
import type { z } from 'zod';
import { scheduleSchema } from '../../config/schema/schedules.js';
import { compileSchedule, type CompiledSchedule } from './compile.js';
import type { OverrideSpan, Shift } from './final.js';

/** A compiled schedule from its YAML-shaped input (`every: 1w`, `handoff: Mon 09:00`, …). */
export function scheduleOf(input: z.input<typeof scheduleSchema>, id = 's'): CompiledSchedule {
  return compileSchedule(id, scheduleSchema.parse(input));
}

/** Epoch ms of an ISO time with its offset (`2026-03-29T09:00+02:00`). */
export function at(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad time ${iso}`);
  return ms;
}

/** `person start–end` with both ends in UTC ISO (minutes), one shift per line. */
export function utcLines(shifts: readonly Pick<Shift, 'person' | 'start' | 'end'>[]): string[] {
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16) + 'Z';
  return shifts.map((s) => `${s.person} ${iso(s.start)}–${iso(s.end)}`);
}

/** `person start–end` with both ends as local wall-clock times of `zone` (`03-29 09:00`). */
export function localLines(
  shifts: readonly Pick<Shift, 'person' | 'start' | 'end'>[],
  zone: string,
): string[] {
  const local = (ms: number) => DateTime.fromMillis(ms, { zone }).toFormat('MM-dd HH:mm ZZ');
  return shifts.map((s) => `${s.person} ${local(s.start)}–${local(s.end)}`);
}

/**
 * The benchmark schedule (Europe/Madrid): daily turns on layer 1, business hours on layer 2,
 * 12-hour weekend turns on layer 3. Shared by `bench/oncall.ts` and the performance test.
 */
export function threeRotationSchedule(): CompiledSchedule {
  const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;
  return scheduleOf({
    timezone: 'Europe/Madrid',
    rotations: [
      { members: ['a', 'b', 'c', 'd'], every: '1d', start: '2025-01-01' },
      {
        members: ['e', 'f'],
        every: '1d',
        layer: 2,
        start: '2025-01-01',
        restrictions: [{ days: [...weekdays], from: '09:00', to: '18:00' }],
      },
      {
        members: ['g', 'h', 'i'],
        every: '12h',
        layer: 3,
        start: '2025-01-01',
        restrictions: [{ days: ['sat', 'sun'], from: '10:00', to: '14:00' }],
      },
    ],
  });
}

let counter = 0;

/** An override span; later calls are "created" later unless `createdAt` is given. */
export function override(
  fields: Pick<OverrideSpan, 'person' | 'start' | 'end'> & Partial<OverrideSpan>,
): OverrideSpan {
  counter++;
  return { id: `o${counter}`, replaces: null, createdAt: counter, ...fields };
}
