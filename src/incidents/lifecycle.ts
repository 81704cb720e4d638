/**
 * The incident lifecycle: which status may follow which, and which milestones a move stamps.
 *
 * ```
 * triggered ─ack─> acknowledged ─> investigating ⇄ identified ⇄ monitoring ─> resolved ─> closed
 *     │                 (any open status may resolve)                           │  reopen │
 *     └─ escalation and ended snoozes bring an open incident back to triggered   └────<────┘
 * ```
 * Moving a triggered incident to any working status acknowledges it (paging stops). Going
 * back from `monitoring` clears `mitigated_at`: the fix did not hold. `triggered` is reached
 * only by paging (escalate, snooze end), never set by hand.
 */
import { AppError } from '../errors.js';
import type { IncidentRow } from './types.js';

export const INCIDENT_STATUSES = [
  'triggered',
  'acknowledged',
  'investigating',
  'identified',
  'monitoring',
  'resolved',
  'closed',
] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** Statuses of an incident still going on. */
export const OPEN_STATUSES = [
  'triggered',
  'acknowledged',
  'investigating',
  'identified',
  'monitoring',
] as const satisfies readonly IncidentStatus[];

/** Open statuses in which somebody is on it: paging has stopped. */
export const WORKING_STATUSES = [
  'acknowledged',
  'investigating',
  'identified',
  'monitoring',
] as const satisfies readonly IncidentStatus[];

/** Statuses a public update may carry (Statuspage's words). */
export const UPDATE_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type UpdateStatus = (typeof UPDATE_STATUSES)[number];

const NEXT: Record<IncidentStatus, readonly IncidentStatus[]> = {
  triggered: ['acknowledged', 'investigating', 'identified', 'monitoring', 'resolved'],
  acknowledged: ['investigating', 'identified', 'monitoring', 'resolved'],
  investigating: ['identified', 'monitoring', 'resolved'],
  identified: ['investigating', 'monitoring', 'resolved'],
  monitoring: ['investigating', 'identified', 'resolved'],
  resolved: ['closed'],
  closed: [],
};

export function isOpen(status: string): boolean {
  return (OPEN_STATUSES as readonly string[]).includes(status);
}

export function isWorking(status: string): boolean {
  return (WORKING_STATUSES as readonly string[]).includes(status);
}

/** Where an incident in `from` may be moved by hand. */
export function allowedFrom(from: IncidentStatus): readonly IncidentStatus[] {
  return NEXT[from];
}

function list(words: readonly string[]): string {
  return words.length <= 1
    ? (words[0] ?? '')
    : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/** Throws 409 naming the allowed moves when `from → to` is not one. */
export function assertTransition(id: number, from: IncidentStatus, to: IncidentStatus): void {
  if (NEXT[from].includes(to)) return;
  const allowed = NEXT[from];
  const options = [...allowed, ...(isOpen(from) ? [] : ['reopen'])];
  throw new AppError(
    'conflict',
    `incident ${id} is ${from}; it cannot move to ${to}` +
      (options.length > 0 ? `; allowed: ${list(options)}` : ''),
    { details: { status: from, allowed: options } },
  );
}

/** The row fields a move to `to` sets, besides the status. */
export function milestonesOf(
  row: Pick<IncidentRow, 'status' | 'acknowledged_at' | 'mitigated_at'>,
  to: IncidentStatus,
  now: number,
  by: string,
): Partial<IncidentRow> {
  const set: Partial<IncidentRow> = { status: to };
  if (row.status === 'triggered' && to !== 'triggered') {
    set.next_escalation_at = null;
    set.snoozed_until = null;
    // `acknowledged_at` is the first acknowledgement (the response milestone, kept when
    // escalation re-triggers); `acknowledged_by` is whoever took it on last.
    if (to !== 'resolved') {
      set.acknowledged_at = row.acknowledged_at ?? now;
      set.acknowledged_by = by;
    }
  }
  if (to === 'monitoring' || to === 'resolved') set.mitigated_at = row.mitigated_at ?? now;
  if ((to === 'investigating' || to === 'identified') && row.status === 'monitoring')
    set.mitigated_at = null;
  if (to === 'resolved') {
    set.resolved_at = now;
    set.resolved_by = by;
    set.next_escalation_at = null;
    set.snoozed_until = null;
  }
  return set;
}
