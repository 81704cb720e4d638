/**
 * Named intervals (the config's `time_intervals`) and how routes use them: Alertmanager's
 * TimeMuteStage and TimeActiveStage, applied when a group is about to notify.
 */
import { containsAny } from './contains.js';
import { parseTimeInterval, type TimeInterval, type TimeIntervalSpec } from './parse.js';

/** Interval lists by name. */
export type NamedTimeIntervals = ReadonlyMap<string, readonly TimeInterval[]>;

/** One entry of the config's `time_intervals` list. */
export interface NamedTimeIntervalSpec {
  name: string;
  time_intervals: readonly TimeIntervalSpec[];
}

/**
 * Parses the config's `time_intervals` (already validated by the config schema).
 *
 * @throws SyntaxError on a bad entry, prefixed with its name.
 */
export function compileTimeIntervals(
  specs: readonly NamedTimeIntervalSpec[],
): Map<string, TimeInterval[]> {
  const out = new Map<string, TimeInterval[]>();
  for (const { name, time_intervals } of specs) {
    try {
      out.set(name, time_intervals.map(parseTimeInterval));
    } catch (error) {
      throw new SyntaxError(`time interval '${name}': ${(error as Error).message}`);
    }
  }
  return out;
}

/** The interval names a route refers to (the compiled route carries them). */
export interface TimeIntervalRefs {
  muteTimeIntervals: readonly string[];
  activeTimeIntervals: readonly string[];
}

/**
 * Whether a route's notifications are muted at `at`: inside any of its mute intervals, or,
 * when it lists active intervals, outside all of them. Names the config does not define
 * (the loader refuses those) count as empty intervals.
 */
export function mutedByTimeIntervals(
  refs: TimeIntervalRefs,
  named: NamedTimeIntervals,
  at: Date,
): boolean {
  for (const name of refs.muteTimeIntervals)
    if (containsAny(named.get(name) ?? [], at)) return true;
  if (refs.activeTimeIntervals.length === 0) return false;
  for (const name of refs.activeTimeIntervals)
    if (containsAny(named.get(name) ?? [], at)) return false;
  return true;
}
