/**
 * Status verbs: move along the lifecycle (lifecycle.ts), acknowledge, resolve, close, reopen.
 * A move out of `triggered` stops paging and tells everyone paged; a resolution does too, and
 * opens the post-mortem when the severity asks for one.
 */
import { AppError } from '../../errors.js';
import { isoTime } from '../../lib/time.js';
import {
  assertTransition,
  isOpen,
  isWorking,
  milestonesOf,
  type IncidentStatus,
} from '../lifecycle.js';
import { addEvent, openIncidentIdOf } from '../repository.js';
import type { AfterCommit } from '../steps.js';
import type { IncidentRow } from '../types.js';
import type { Work } from '../writer.js';
import type { ActionBy, VerbContext } from './context.js';

const KIND: Partial<Record<IncidentStatus, string>> = {
  acknowledged: 'acknowledged',
  resolved: 'resolved',
  closed: 'closed',
};

/**
 * The writes of a move to `to` inside the caller's transaction (after its checks):
 * milestones, timeline, paging stopped, post-mortem opened.
 */
export async function applyMove(
  ctx: VerbContext,
  trx: Parameters<Work>[0],
  row: IncidentRow,
  now: number,
  to: IncidentStatus,
  by: ActionBy,
  detail: Record<string, unknown> = {},
  extra: Partial<IncidentRow> = {},
): Promise<AfterCommit[]> {
  const id = Number(row.id);
  const from = row.status as IncidentStatus;
  await ctx.steps.update(trx, row, now, {
    ...extra,
    ...milestonesOf(row, to, now, by.name),
    ...(to === 'closed' ? { closed_at: now, closed_by: by.name } : {}),
  });
  const kind = KIND[to] ?? 'status_changed';
  await addEvent(
    trx,
    id,
    now,
    kind,
    by.name,
    kind === 'status_changed' ? { from, to, ...detail } : { from, ...detail },
  );
  const after: AfterCommit[] = [];
  if (to === 'resolved') {
    after.push(...(await ctx.steps.stopPaging(trx, row, now, 'incident.resolved', by.name)));
    if (ctx.resolved) {
      const resolved = { ...row, ...extra, status: to, resolved_at: now, resolved_by: by.name };
      after.push(...(await ctx.resolved(trx, resolved, now)));
    }
  } else if (from === 'triggered') {
    after.push(...(await ctx.steps.stopPaging(trx, row, now, 'incident.acknowledged', by.name)));
  }
  return after;
}

/** Moves the incident to `to` by hand (no-op when it is there already). */
export function moveTo(
  ctx: VerbContext,
  to: IncidentStatus,
  by: ActionBy,
  detail?: Record<string, unknown>,
): Work {
  return async (trx, row, now) => {
    if (to === 'triggered')
      throw new AppError(
        'conflict',
        `incident ${row.id} cannot be set to triggered by hand; escalate it to page again`,
        { details: { status: row.status } },
      );
    if (row.status === to) return [];
    assertTransition(Number(row.id), row.status as IncidentStatus, to);
    return applyMove(ctx, trx, row, now, to, by, detail);
  };
}

function whenBy(who: string | null, at: number | null): string {
  return `${who ? ` by ${who}` : ''}${at !== null ? ` at ${isoTime(Number(at))}` : ''}`;
}

/**
 * Acknowledges a triggered incident. When someone else already did, the caller is told who
 * (409); the same person acknowledging twice is a no-op.
 */
export function acknowledge(ctx: VerbContext, by: ActionBy): Work {
  return async (trx, row, now) => {
    if (row.status === 'triggered') return applyMove(ctx, trx, row, now, 'acknowledged', by);
    const id = Number(row.id);
    if (isWorking(row.status)) {
      if (row.acknowledged_by === by.name) return [];
      throw new AppError(
        'conflict',
        `incident ${id} was already acknowledged${whenBy(row.acknowledged_by, row.acknowledged_at)}; it is ${row.status}`,
        { details: { status: row.status, acknowledged_by: row.acknowledged_by } },
      );
    }
    throw new AppError(
      'conflict',
      `incident ${id} is already ${row.status}${whenBy(row.resolved_by, row.resolved_at)}`,
      { details: { status: row.status, resolved_by: row.resolved_by } },
    );
  };
}

/** Resolves an open incident; resolving again by the same caller is a no-op. */
export function resolve(ctx: VerbContext, by: ActionBy, reason?: string): Work {
  return async (trx, row, now) => {
    if (isOpen(row.status))
      return applyMove(ctx, trx, row, now, 'resolved', by, reason ? { reason } : {});
    if (row.resolved_by === by.name) return [];
    throw new AppError(
      'conflict',
      `incident ${row.id} was already resolved${whenBy(row.resolved_by, row.resolved_at)}`,
      { details: { status: row.status, resolved_by: row.resolved_by } },
    );
  };
}

/** Reopens a resolved or closed incident: back to investigating, resolution cleared. */
export function reopen(ctx: VerbContext, by: ActionBy, reason?: string): Work {
  return async (trx, row, now) => {
    const id = Number(row.id);
    if (isOpen(row.status))
      throw new AppError(
        'conflict',
        `incident ${id} is ${row.status}; only resolved or closed incidents reopen`,
        {
          details: { status: row.status },
        },
      );
    const other = await openIncidentIdOf(trx, row.key);
    if (other !== undefined && other !== id)
      throw new AppError(
        'conflict',
        `incident ${other} is open for the same alerts; work on it instead`,
        {
          details: { open: other },
        },
      );
    await ctx.steps.update(trx, row, now, {
      status: 'investigating',
      resolved_at: null,
      resolved_by: null,
      closed_at: null,
      closed_by: null,
      mitigated_at: null,
    });
    await addEvent(trx, id, now, 'reopened', by.name, {
      from: row.status,
      ...(reason ? { reason } : {}),
    });
    return [];
  };
}
