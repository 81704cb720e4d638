/**
 * Who an escalation step's targets reach at an instant, for "who would be paged now" views:
 * `person:` is that person, `schedule:` whoever is on call, `team:` every member; `channel:`
 * targets reach a channel, not a person. The escalation engine pages; this only looks.
 */
import type { EscalationStepConfig, OpsConfig } from '../config/schema/index.js';

export interface TargetReach {
  /** As written: `schedule:sre-primary`. */
  target: string;
  /** Person ids it reaches now ([] for a schedule in a gap, or a channel). */
  people: string[];
}

export interface StepReach {
  targets: TargetReach[];
  /** Every person reached, each once, in target order. */
  people: string[];
  /** Channel ids the step notifies directly. */
  channels: string[];
}

/** What `step` reaches at `at`; `onCallAt` answers for schedules. */
export function stepReach(
  step: EscalationStepConfig,
  config: Pick<OpsConfig, 'teams'>,
  onCallAt: (scheduleId: string, at: number) => string[],
  at: number,
): StepReach {
  const targets: TargetReach[] = step.notify.map(({ kind, id }) => {
    const target = `${kind}:${id}`;
    switch (kind) {
      case 'person':
        return { target, people: [id] };
      case 'schedule':
        return { target, people: onCallAt(id, at) };
      case 'team':
        return { target, people: [...(config.teams[id]?.members ?? [])] };
      case 'channel':
        return { target, people: [] };
    }
  });
  return {
    targets,
    people: [...new Set(targets.flatMap((t) => t.people))],
    channels: step.notify.filter((t) => t.kind === 'channel').map((t) => t.id),
  };
}
