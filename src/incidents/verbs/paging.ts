/**
 * Paging verbs: escalate now, reassign, snooze, and what the escalation timer does when an
 * incident falls due (the next step while triggered, a new page when a snooze runs out).
 */
import type { EscalationTarget, OpsConfig } from '../../config/index.js';
import { AppError } from '../../errors.js';
import { isoTime } from '../../lib/time.js';
import { reassignedPolicy, snapshotPolicy } from '../../oncall/escalation/policy.js';
import { isOpen, isWorking } from '../lifecycle.js';
import { addEvent } from '../repository.js';
import { policyOf } from '../types.js';
import type { Work } from '../writer.js';
import type { ActionBy, VerbContext } from './context.js';

/** Pages the next step now, whatever its timer said (also re-triggers an acknowledged incident). */
export function escalate(ctx: VerbContext, by: ActionBy): Work {
  return async (trx, row, now) => {
    if (!isOpen(row.status)) throw new AppError('conflict', `incident ${row.id} is ${row.status}`);
    const after = await ctx.steps.escalateNext(trx, row, now, by.name);
    if (!after) throw new AppError('conflict', `incident ${row.id} has no further escalation step`);
    return after;
  };
}

const SECTION = {
  person: 'people',
  schedule: 'schedules',
  team: 'teams',
  policy: 'escalation_policies',
} as const;

/** `person:bob` → its kind and id, checked against the config (400 naming `to` otherwise). */
export function reassignTarget(config: OpsConfig, to: string) {
  const match = /^(person|schedule|team|policy):(.+)$/.exec(to);
  if (!match || !Object.hasOwn(config[SECTION[match[1] as keyof typeof SECTION]], match[2]!))
    throw new AppError(
      'validation_failed',
      `to: expected person:<id>, schedule:<id>, team:<id> or policy:<id> naming one in the config, got '${to}'`,
    );
  return { kind: match[1] as keyof typeof SECTION, id: match[2]! };
}

/**
 * Hands the incident to `to`: `policy:<id>` restarts paging with that policy; a person,
 * schedule or team is paged now, and the rest of the current policy follows if nobody
 * acknowledges.
 */
export function reassign(ctx: VerbContext, to: string, by: ActionBy): Work {
  const config = ctx.config();
  const target = reassignTarget(config, to);
  return async (trx, row, now) => {
    if (!isOpen(row.status)) throw new AppError('conflict', `incident ${row.id} is ${row.status}`);
    const current = policyOf(row);
    const policy =
      target.kind === 'policy'
        ? snapshotPolicy(config, target.id, row.severity)
        : reassignedPolicy(
            current ?? {
              id: 'reassigned',
              name: 'reassigned',
              steps: [{ atMs: 0, targets: [] }],
              repeat: 0,
              roundMs: 0,
            },
            [{ kind: target.kind, id: target.id } as EscalationTarget],
            current ? row.step : 0,
          );
    await addEvent(trx, Number(row.id), now, 'reassigned', by.name, { to });
    return ctx.steps.runStep(trx, row, policy, 0, 0, 'incident.triggered', now, by.name, {
      policy: JSON.stringify(policy),
      policy_id: target.kind === 'policy' ? target.id : row.policy_id,
    });
  };
}

/** Silences an incident someone is on for `ms`; then it triggers again and pages. */
export function snooze(ctx: VerbContext, ms: number, by: ActionBy): Work {
  return async (trx, row, now) => {
    if (!isWorking(row.status) || row.policy === null)
      throw new AppError(
        'conflict',
        `incident ${row.id} is ${row.status}; only acknowledged incidents with an escalation policy can be snoozed`,
      );
    await ctx.steps.update(trx, row, now, { snoozed_until: now + ms });
    await addEvent(trx, Number(row.id), now, 'snoozed', by.name, { until: isoTime(now + ms) });
    return [];
  };
}

/** The escalation timer fired: run what is due, if it still is (another instance may have). */
export function due(ctx: VerbContext): Work {
  return async (trx, row, now) => {
    const at = (ms: number | null) => ms !== null && Number(ms) <= now;
    if (row.status === 'triggered' && at(row.next_escalation_at))
      return (await ctx.steps.escalateNext(trx, row, now, null)) ?? [];
    if (isWorking(row.status) && at(row.snoozed_until)) {
      // A snooze ran out: trigger again and page the level that was acknowledged.
      await addEvent(trx, Number(row.id), now, 'snooze_ended', null);
      const policy = policyOf(row)!;
      return ctx.steps.runStep(
        trx,
        row,
        policy,
        row.step,
        row.round,
        'incident.triggered',
        now,
        null,
      );
    }
    return [];
  };
}
