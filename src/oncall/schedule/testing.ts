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

let counter = 0;

/** An override span; later calls are "created" later unless `createdAt` is given. */
export function override(
  fields: Pick<OverrideSpan, 'person' | 'start' | 'end'> & Partial<OverrideSpan>,
): OverrideSpan {
  counter++;
  return { id: `o${counter}`, replaces: null, createdAt: counter, ...fields };
}
