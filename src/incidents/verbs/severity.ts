/**
 * Changing an incident's severity, by hand or because a more severe alert joined its group.
 * The response deadline only ever moves earlier while nobody has acknowledged (a raise to P0
 * must be answered within P0's time, counted from the raise); paging follows the new
 * severity's `page` setting from the current step on.
 */
import { nextAfter } from '../../oncall/escalation/policy.js';
import { isOpen } from '../lifecycle.js';
import { addEvent } from '../repository.js';
import { policyOf, type IncidentRow } from '../types.js';
import type { Work } from '../writer.js';
import type { ActionBy, VerbContext } from './context.js';

/** The row fields that follow from moving `row` to `severity` at `now`. */
export function severityChange(
  ctx: VerbContext,
  row: IncidentRow,
  severity: string,
  now: number,
): Partial<IncidentRow> {
  const set: Partial<IncidentRow> = { severity };
  const within = ctx.config().severities[severity]?.respond_within;
  if (within !== undefined && isOpen(row.status) && row.acknowledged_at === null) {
    const deadline = now + within;
    set.respond_by =
      row.respond_by === null ? deadline : Math.min(Number(row.respond_by), deadline);
  }
  if (row.status === 'triggered') {
    const policy = policyOf(row);
    if (!ctx.steps.escalates(severity)) set.next_escalation_at = null;
    else if (row.next_escalation_at === null && policy)
      set.next_escalation_at = nextAfter(policy, row.step, row.round, now)?.at ?? null;
  }
  return set;
}

export function setSeverity(
  ctx: VerbContext,
  severity: string,
  by: ActionBy,
  reason?: string,
): Work {
  return async (trx, row, now) => {
    if (row.severity === severity) return [];
    await ctx.steps.update(trx, row, now, severityChange(ctx, row, severity, now));
    await addEvent(trx, Number(row.id), now, 'severity_changed', by.name, {
      from: row.severity,
      to: severity,
      ...(reason ? { reason } : {}),
    });
    return [];
  };
}
