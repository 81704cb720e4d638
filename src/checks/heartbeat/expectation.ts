import { Cron } from 'croner';
import type { CheckSpec } from '../../config/index.js';

/** When the next ping is expected after `t`: `t + period`, or the cron's next occurrence. */
export type Expectation = (t: number) => number;

export function expectationOf(spec: CheckSpec<'heartbeat'>): Expectation {
  if (spec.period !== undefined) {
    const period = spec.period;
    return (t) => t + period;
  }
  const cron = new Cron(spec.cron!, { timezone: spec.timezone, paused: true });
  return (t) => cron.nextRun(new Date(t))?.getTime() ?? Infinity;
}
