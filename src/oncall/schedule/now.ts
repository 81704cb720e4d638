/** "Who is on call now, until when, and who is next": the summary the API and CLI show. */
import type { CompiledSchedule } from './compile.js';
import { finalShifts, type OverrideSpan } from './final.js';
import { mergeAdjacent } from './timeline.js';

export interface OnCallSummary {
  /** On call at the instant asked about; [] in a gap. */
  people: string[];
  /** When that changes (the next handoff, or the end of the gap); null if not within the lookahead. */
  until: number | null;
  /** Who is on call from `until` on ([] when a gap starts then); null with `until`. */
  next: string[] | null;
}

/**
 * The summary at `at`, looking `lookahead` ms ahead. Consecutive shifts of one person count
 * as one: a rotation turn followed by the same person's override is not a handoff.
 */
export function onCallSummary(
  schedule: CompiledSchedule,
  overrides: readonly OverrideSpan[],
  at: number,
  lookahead: number,
): OnCallSummary {
  const horizon = at + lookahead;
  const runs = mergeAdjacent(
    finalShifts(schedule, overrides, at, horizon),
    (a, b) => a.person === b.person,
  );
  const first = runs[0];
  const onNow = first !== undefined && first.start === at;
  const people = onNow ? [first.person] : [];
  const change = onNow ? first.end : first?.start;
  if (change === undefined || change >= horizon) return { people, until: null, next: null };
  const after = runs.find((r) => r.start === change);
  return { people, until: change, next: after ? [after.person] : [] };
}
