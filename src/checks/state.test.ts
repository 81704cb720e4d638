import { describe, expect, it } from 'vitest';
import type { ProbeStatus } from './probe.js';
import { emptyStreaks, nextState, type CheckState } from './state.js';

function play(
  outcomes: ProbeStatus[],
  t = { failures_to_down: 2, successes_to_up: 1 },
  from: CheckState = 'unknown',
) {
  const streaks = emptyStreaks();
  let state = from;
  const states: CheckState[] = [];
  for (const o of outcomes) {
    state = nextState(state, streaks, o, t);
    states.push(state);
  }
  return states;
}

describe('check state machine', () => {
  it('goes up on the first success and ignores a single failure (a blip does not page)', () => {
    expect(play(['up', 'down', 'up'])).toEqual(['up', 'up', 'up']);
  });

  it('goes down after failures_to_down consecutive failures', () => {
    expect(play(['up', 'down', 'down', 'down'])).toEqual(['up', 'up', 'down', 'down']);
    expect(
      play(['up', 'down', 'down', 'down'], { failures_to_down: 3, successes_to_up: 1 }),
    ).toEqual(['up', 'up', 'up', 'down']);
  });

  it('needs successes_to_up consecutive successes to recover', () => {
    const t = { failures_to_down: 1, successes_to_up: 2 };
    expect(play(['down', 'up', 'down', 'up', 'up'], t)).toEqual([
      'down',
      'down',
      'down',
      'down',
      'up',
    ]);
  });

  it('is degraded after failures_to_down runs that were not up, the last degraded', () => {
    expect(play(['up', 'degraded', 'degraded', 'up'])).toEqual(['up', 'up', 'degraded', 'up']);
    expect(play(['up', 'down', 'degraded'])).toEqual(['up', 'up', 'degraded']);
  });

  it('goes from degraded to down on failures and from down to degraded on recovery', () => {
    expect(play(['degraded', 'degraded', 'down', 'down', 'degraded'])).toEqual([
      'unknown',
      'degraded',
      'degraded',
      'down',
      'degraded',
    ]);
  });

  it('keeps a paused check paused whatever the outcome', () => {
    expect(play(['down', 'down', 'up'], undefined, 'paused')).toEqual([
      'paused',
      'paused',
      'paused',
    ]);
  });
});
