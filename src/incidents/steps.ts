/**
 * What every escalation step does inside its transaction: page the step's targets (outbox
 * statements and a timeline entry), move the incident row on under the `updated_at` guard,
 * and, when paging stops, cancel what has not gone out and tell whoever was paged.
 */
import type { Transaction } from 'kysely';
import type { OpsConfig } from '../config/index.js';
import type { MessageAlert, MessageEvent } from '../notify/message.js';
import type { IncidentFacts } from '../oncall/escalation/messages.js';
import { nextAfter, type PolicySnapshot } from '../oncall/escalation/policy.js';
import type { Database } from '../store/schema.js';
import type { Logger } from '../telemetry/logger.js';
import type { Outbox } from './incidents.js';
import { stepPages, updatePages, type PagingContext } from './paging.js';
import { runStatements } from '../store/index.js';
import { addEvent, pagedTargets } from './repository.js';
import { policyOf, type IncidentRow } from './types.js';

export type AfterCommit = () => void;

/** The row changed under us (another instance or request); the verb is retried once. */
export class Raced extends Error {}

export interface StepDeps {
  config: () => OpsConfig;
  outbox: Outbox;
  onCall: (scheduleId: string, at: number) => string[];
  signingKey: Buffer;
  logger: Logger;
  /** The latest alerts of an open incident, for its messages. */
  alertsOf: (id: number) => MessageAlert[] | undefined;
  onPaged?: ((notifications: number) => void) | undefined;
}

export class StepRunner {
  constructor(private readonly deps: StepDeps) {}

  /** Whether incidents of this severity escalate past the first step (`page: true`). */
  escalates(severity: string | null): boolean {
    const s = severity === null ? undefined : this.deps.config().severities[severity];
    return s?.page ?? true;
  }

  facts(
    row: Pick<IncidentRow, 'id' | 'title' | 'severity' | 'service' | 'status' | 'opened_at'>,
    step: number,
    round: number,
    actor: string | null,
    alerts?: MessageAlert[],
  ): IncidentFacts {
    const id = Number(row.id);
    return {
      id,
      title: row.title,
      severity: row.severity,
      service: row.service,
      status: row.status as IncidentFacts['status'],
      openedAt: Number(row.opened_at),
      step,
      round,
      actor,
      alerts: alerts ?? this.deps.alertsOf(id) ?? [],
    };
  }

  #paging(now: number): PagingContext {
    return {
      config: this.deps.config(),
      signingKey: this.deps.signingKey,
      onCall: this.deps.onCall,
      now,
    };
  }

  /** Queues one step's pages inside `trx` and records it on the timeline. */
  async page(
    trx: Transaction<Database>,
    policy: PolicySnapshot,
    facts: IncidentFacts,
    event: MessageEvent,
    now: number,
    actor: string | null,
  ): Promise<AfterCommit[]> {
    const pages = stepPages(this.#paging(now), policy, facts, event);
    const prepared = this.deps.outbox.prepare(pages.items);
    await runStatements(trx, prepared.statements);
    await addEvent(
      trx,
      facts.id,
      now,
      event === 'incident.escalated' ? 'escalated' : 'paged',
      actor,
      {
        step: facts.step + 1,
        round: facts.round + 1,
        people: pages.people,
        channels: pages.channels,
        notifications: prepared.ids.length,
        ...(pages.unreached.length > 0 ? { unreached: pages.unreached } : {}),
      },
    );
    if (pages.unreached.length > 0)
      this.deps.logger.warn(
        { incident: facts.id, unreached: pages.unreached },
        'escalation step could not reach every target',
      );
    return [prepared.afterCommit, () => this.deps.onPaged?.(prepared.ids.length)];
  }

  /** Runs the step after the last one run; null when the policy has none left. */
  async escalateNext(
    trx: Transaction<Database>,
    row: IncidentRow,
    now: number,
    actor: string | null,
  ): Promise<AfterCommit[] | null> {
    const policy = policyOf(row);
    const next = policy ? nextAfter(policy, row.step, row.round, now) : null;
    if (!policy || !next) return null;
    return this.runStep(trx, row, policy, next.step, next.round, 'incident.escalated', now, actor);
  }

  /** Runs step (`step`, `round`) now: pages, moves the row on, arms the following step. */
  async runStep(
    trx: Transaction<Database>,
    row: IncidentRow,
    policy: PolicySnapshot,
    step: number,
    round: number,
    event: MessageEvent,
    now: number,
    actor: string | null,
    extra: Partial<IncidentRow> = {},
  ): Promise<AfterCommit[]> {
    const following = this.escalates(row.severity) ? nextAfter(policy, step, round, now) : null;
    await this.update(trx, row, now, {
      status: 'triggered',
      step,
      round,
      next_escalation_at: following?.at ?? null,
      snoozed_until: null,
      ...extra,
    });
    const facts = this.facts({ ...row, status: 'triggered' }, step, round, actor);
    return this.page(trx, policy, facts, event, now, actor);
  }

  /** Updates the row only if nobody changed it since it was read. */
  async update(
    trx: Transaction<Database>,
    row: IncidentRow,
    now: number,
    set: Partial<IncidentRow>,
  ) {
    const result = await trx
      .updateTable('incidents')
      .set({ ...set, updated_at: Math.max(now, Number(row.updated_at) + 1) })
      .where('id', '=', row.id)
      .where('updated_at', '=', row.updated_at)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new Raced();
  }

  /** Cancels pages not sent yet and queues the update to those already paged. */
  async stopPaging(
    trx: Transaction<Database>,
    row: IncidentRow,
    now: number,
    event: 'incident.acknowledged' | 'incident.resolved',
    actor: string,
  ): Promise<AfterCommit[]> {
    const id = Number(row.id);
    // Read before cancelling: a page on its way has no attempt recorded yet, so the cancel
    // marks it too, and whoever it reaches must still hear the acknowledgement.
    const paged = await pagedTargets(trx, id);
    const cancel = this.deps.outbox.cancelForIncident(id);
    await runStatements(trx, cancel.statements);
    const status = event === 'incident.acknowledged' ? 'acknowledged' : 'resolved';
    const facts = this.facts({ ...row, status }, row.step, row.round, actor);
    const prepared = this.deps.outbox.prepare(updatePages(this.#paging(now), facts, event, paged));
    await runStatements(trx, prepared.statements);
    return [cancel.afterCommit, prepared.afterCommit];
  }
}
