/**
 * How run outcomes become a check's state. A state changes only after enough consecutive
 * runs agree (`failures_to_down`, `successes_to_up`), so one blip does not page:
 * - any state → down: `failures_to_down` down runs in a row;
 * - up/unknown → degraded: `failures_to_down` runs in a row that were not up, the last degraded;
 * - down/degraded/unknown → up: `successes_to_up` up runs in a row;
 * - down → degraded: `successes_to_up` runs in a row that were not down, the last degraded.
 * Paused checks do not run; resuming starts again from unknown.
 */
import type { ProbeStatus } from './probe.js';

export type CheckState = 'up' | 'degraded' | 'down' | 'paused' | 'unknown';
export const CHECK_STATES: readonly CheckState[] = ['up', 'degraded', 'down', 'paused', 'unknown'];

export interface Streaks {
  /** Consecutive up runs. */
  up: number;
  /** Consecutive runs that were not up (degraded or down). */
  notUp: number;
  /** Consecutive down runs. */
  down: number;
  /** Consecutive runs that were not down (up or degraded). */
  notDown: number;
}

export const emptyStreaks = (): Streaks => ({ up: 0, notUp: 0, down: 0, notDown: 0 });

export interface Thresholds {
  failures_to_down: number;
  successes_to_up: number;
}

/** Counts one outcome into the streaks (mutates) and returns the state the check should be in. */
export function nextState(
  state: CheckState,
  streaks: Streaks,
  outcome: ProbeStatus,
  t: Thresholds,
): CheckState {
  if (outcome === 'up') {
    streaks.up++;
    streaks.notDown++;
    streaks.notUp = 0;
    streaks.down = 0;
  } else if (outcome === 'down') {
    streaks.down++;
    streaks.notUp++;
    streaks.up = 0;
    streaks.notDown = 0;
  } else {
    streaks.notUp++;
    streaks.notDown++;
    streaks.up = 0;
    streaks.down = 0;
  }
  if (state === 'paused') return state;
  if (outcome === 'down' && state !== 'down' && streaks.down >= t.failures_to_down) return 'down';
  if (outcome === 'up' && state !== 'up' && streaks.up >= t.successes_to_up) return 'up';
  if (outcome === 'degraded') {
    if ((state === 'up' || state === 'unknown') && streaks.notUp >= t.failures_to_down)
      return 'degraded';
    if (state === 'down' && streaks.notDown >= t.successes_to_up) return 'degraded';
  }
  return state;
}
