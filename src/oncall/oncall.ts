/**
 * The on-call domain, assembled: schedules compiled from config (recompiled on reload) and
 * overrides held in memory, answering "who is on call" without touching storage.
 */
import type { LoadedConfig, OpsConfig } from '../config/index.js';
import { AppError } from '../errors.js';
import type { Store } from '../store/index.js';
import type { Logger } from '../telemetry/logger.js';
import type { CalendarShift } from './ical.js';
import { ScheduleOverrides, type OverrideSetOptions } from './override-set.js';
import {
  compileSchedule,
  finalShifts,
  gapsOf,
  onCallAt,
  onCallSummary,
  type CompiledSchedule,
  type Interval,
  type OnCallSummary,
  type Shift,
} from './schedule/index.js';

export interface OnCallDeps {
  store: Store;
  logger: Logger;
}

/** How far ahead `summary` looks for the next handoff unless told otherwise. */
export const SUMMARY_LOOKAHEAD_MS = 90 * 86_400_000;

export class OnCall {
  /** Create, list and remove overrides; memory follows each commit. */
  readonly overrides: ScheduleOverrides;
  #config: OpsConfig;
  #schedules: Map<string, CompiledSchedule>;

  constructor(deps: OnCallDeps, initial: LoadedConfig, options: OverrideSetOptions = {}) {
    this.#config = initial.config;
    this.#schedules = compileAll(initial.config);
    this.overrides = new ScheduleOverrides(deps.store, () => this.#config, {
      onError: (error) => deps.logger.warn({ err: error }, 'on-call: override refresh failed'),
      ...options,
    });
  }

  /** Loads recent, active and future overrides and starts their refresh. Idempotent. */
  start(): Promise<void> {
    return this.overrides.start();
  }

  /** A reloaded config: schedules recompiled; overrides kept (those of removed schedules idle). */
  apply(next: LoadedConfig): void {
    this.#schedules = compileAll(next.config);
    this.#config = next.config;
  }

  /** Stops the override refresh. Idempotent. */
  close(): Promise<void> {
    return this.overrides.close();
  }

  /** The config in force. */
  get config(): OpsConfig {
    return this.#config;
  }

  /** Ids of the configured schedules, in config order. */
  scheduleIds(): string[] {
    return [...this.#schedules.keys()];
  }

  /** A compiled schedule; throws AppError not_found for an unknown id. */
  schedule(scheduleId: string): CompiledSchedule {
    const schedule = this.#schedules.get(scheduleId);
    if (!schedule) throw AppError.notFound('schedule', scheduleId);
    return schedule;
  }

  /**
   * Person ids on call in the schedule at `at` (final schedule incl. overrides); [] in a gap.
   * An unknown schedule (one a reload removed, say) also gives []: paging never throws here.
   */
  onCallAt(scheduleId: string, at: number): string[] {
    const schedule = this.#schedules.get(scheduleId);
    return schedule ? onCallAt(schedule, this.overrides.active(scheduleId), at) : [];
  }

  /** The final shifts of a schedule in `[from, to)`, clipped to it. */
  shifts(scheduleId: string, from: number, to: number): Shift[] {
    return finalShifts(this.schedule(scheduleId), this.overrides.active(scheduleId), from, to);
  }

  /** The parts of `[from, to)` with nobody on call in the schedule. */
  gaps(scheduleId: string, from: number, to: number): Interval[] {
    return gapsOf(this.shifts(scheduleId, from, to), from, to);
  }

  /** Who is on call at `at`, until when, and who is next. */
  summary(scheduleId: string, at: number, lookahead = SUMMARY_LOOKAHEAD_MS): OnCallSummary {
    return onCallSummary(
      this.schedule(scheduleId),
      this.overrides.active(scheduleId),
      at,
      lookahead,
    );
  }

  /** Shifts of a schedule in `[from, to)` with the names calendars and views show. */
  namedShifts(scheduleId: string, from: number, to: number): CalendarShift[] {
    const schedule = this.schedule(scheduleId);
    return this.shifts(scheduleId, from, to).map((s) => ({
      ...s,
      scheduleId,
      scheduleName: schedule.name,
      personName: this.personName(s.person),
    }));
  }

  /** A person's shifts in every schedule in `[from, to)`, by start. */
  personShifts(personId: string, from: number, to: number): CalendarShift[] {
    return this.scheduleIds()
      .flatMap((id) => this.namedShifts(id, from, to).filter((s) => s.person === personId))
      .sort((a, b) => a.start - b.start);
  }

  /** A person's display name; the id for someone no longer in the config. */
  personName(personId: string): string {
    return Object.hasOwn(this.#config.people, personId)
      ? this.#config.people[personId]!.name
      : personId;
  }
}

function compileAll(config: OpsConfig): Map<string, CompiledSchedule> {
  return new Map(Object.entries(config.schedules).map(([id, s]) => [id, compileSchedule(id, s)]));
}
