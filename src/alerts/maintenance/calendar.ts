/**
 * Maintenance windows: planned periods when a service's alerts are muted. One-off windows have
 * a start and an end; recurring ones reuse Alertmanager's time interval format ("Sundays
 * 02:00–04:00 Europe/Madrid"). Windows are indexed by service, so a lookup only tests the
 * windows that could apply to the alert.
 */
import { compileMatcher, matchesAll, type CompiledMatcher } from '../matchers/matcher.js';
import { parseMatchers } from '../matchers/parse.js';
import type { LabelSet } from '../model/labels.js';
import { containsAny } from '../time-intervals/contains.js';
import {
  parseTimeInterval,
  type TimeInterval,
  type TimeIntervalSpec,
} from '../time-intervals/parse.js';

/** One entry of the config's `maintenance_windows` (times already parsed to epoch ms). */
export interface MaintenanceWindowSpec {
  /** Service ids whose alerts the window mutes; empty or absent for any service. */
  services?: readonly string[] | undefined;
  /** Alertmanager matcher strings the alert must also match. */
  matchers?: readonly string[] | undefined;
  description?: string | undefined;
  /** One-off window: from `starts` (inclusive) to `ends` (exclusive), epoch ms. */
  starts?: number | undefined;
  ends?: number | undefined;
  /** Recurring window: active whenever one of these contains the instant. */
  time_intervals?: readonly TimeIntervalSpec[] | undefined;
}

interface Window {
  id: string;
  /** Position in the config, to answer in config order. */
  order: number;
  matchers: CompiledMatcher[];
  active: (at: Date) => boolean;
}

function compileWindow(id: string, order: number, spec: MaintenanceWindowSpec): Window {
  const matchers = (spec.matchers ?? []).flatMap((t) => parseMatchers(t)).map(compileMatcher);
  if (spec.time_intervals) {
    const intervals: TimeInterval[] = spec.time_intervals.map(parseTimeInterval);
    return { id, order, matchers, active: (at) => containsAny(intervals, at) };
  }
  if (spec.starts === undefined || spec.ends === undefined)
    throw new SyntaxError(`maintenance window '${id}': needs starts and ends, or time_intervals`);
  const { starts, ends } = spec;
  return { id, order, matchers, active: (at) => at.getTime() >= starts && at.getTime() < ends };
}

/** Answers which maintenance windows mute an alert at a given time. */
export class MaintenanceCalendar {
  readonly #byService = new Map<string, Window[]>();
  /** Windows that name no service: they apply to every alert their matchers select. */
  readonly #anyService: Window[] = [];

  /** @throws SyntaxError on a bad window (the config schema has already refused those). */
  constructor(windows: Readonly<Record<string, MaintenanceWindowSpec>>) {
    for (const [order, [id, spec]] of Object.entries(windows).entries()) {
      const window = compileWindow(id, order, spec);
      const services = spec.services ?? [];
      if (services.length === 0) this.#anyService.push(window);
      for (const service of new Set(services)) {
        const list = this.#byService.get(service) ?? [];
        list.push(window);
        this.#byService.set(service, list);
      }
    }
  }

  /**
   * Ids of the windows active at `at` that mute an alert of `service` (undefined when the
   * alert belongs to none) with these labels, in config order.
   */
  activeWindows(service: string | undefined, labels: LabelSet, at: Date | number): string[] {
    const when = typeof at === 'number' ? new Date(at) : at;
    const candidates = service === undefined ? [] : (this.#byService.get(service) ?? []);
    const hits: Window[] = [];
    for (const list of [candidates, this.#anyService])
      for (const w of list) if (w.active(when) && matchesAll(w.matchers, labels)) hits.push(w);
    return hits.sort((a, b) => a.order - b.order).map((w) => w.id);
  }
}
