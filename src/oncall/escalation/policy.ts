/**
 * An escalation policy frozen for one incident: step offsets resolved against the incident's
 * severity at open time, so a config reload never changes an incident already paging ("a page
 * follows the policy as it was when the incident opened"). Stored as JSON on the incident.
 */
import type { EscalationTarget, OpsConfig } from '../../config/index.js';

export interface PolicyStep {
  /** Offset from the start of a round, ms. */
  atMs: number;
  targets: EscalationTarget[];
}

export interface PolicySnapshot {
  id: string;
  name: string;
  steps: PolicyStep[];
  /** Extra rounds after the first. */
  repeat: number;
  /** Length of one round: the last step's offset plus the pause before the next round. */
  roundMs: number;
}

/** Used when the incident has no severity Opsdeck knows: the handbooks' P1 response time. */
const FALLBACK_RESPOND_WITHIN_MS = 15 * 60_000;

/** How soon the severity must be acknowledged: its `respond_within`. */
export function respondWithin(config: OpsConfig, severity: string | null): number {
  const s = severity === null ? undefined : config.severities[severity];
  return s?.respond_within ?? FALLBACK_RESPOND_WITHIN_MS;
}

/**
 * Freezes policy `id` for an incident of `severity`. A step without `after` pages one
 * `respond_within` after the previous step; the next round starts `repeat_after` (else one
 * `respond_within`) after the last step.
 */
export function snapshotPolicy(
  config: OpsConfig,
  id: string,
  severity: string | null,
): PolicySnapshot {
  const policy = config.escalation_policies[id];
  if (!policy) throw new Error(`escalation policy '${id}' is not in the config`);
  const gap = respondWithin(config, severity);
  const steps: PolicyStep[] = [];
  for (const [i, step] of policy.steps.entries()) {
    const atMs = step.after ?? (i === 0 ? 0 : steps[i - 1]!.atMs + gap);
    steps.push({ atMs, targets: step.notify });
  }
  const last = steps[steps.length - 1]!.atMs;
  return {
    id,
    name: policy.name ?? id,
    steps,
    repeat: policy.repeat,
    roundMs: last + (policy.repeat_after ?? gap),
  };
}

/** A one-step policy paging `targets`, for reassignment to a person, schedule or team. */
export function reassignedPolicy(
  base: PolicySnapshot,
  targets: EscalationTarget[],
  fromStep: number,
): PolicySnapshot {
  const rest = base.steps.slice(fromStep + 1);
  const offset = rest.length > 0 ? base.steps[fromStep]!.atMs : 0;
  return {
    ...base,
    steps: [{ atMs: 0, targets }, ...rest.map((s) => ({ ...s, atMs: s.atMs - offset }))],
    roundMs: base.roundMs - offset,
  };
}

/**
 * When the step after (`step`, `round`) runs, counted from the moment (`ranAt`) that step ran,
 * or null when the policy is exhausted. Gaps are relative so "escalate now" and snoozes shift
 * the rest of the timeline rather than bunching it up.
 */
export function nextAfter(
  policy: PolicySnapshot,
  step: number,
  round: number,
  ranAt: number,
): { step: number; round: number; at: number } | null {
  const current = policy.steps[step]!;
  const next = policy.steps[step + 1];
  if (next) return { step: step + 1, round, at: ranAt + (next.atMs - current.atMs) };
  if (round >= policy.repeat) return null;
  return { step: 0, round: round + 1, at: ranAt + (policy.roundMs - current.atMs) };
}
