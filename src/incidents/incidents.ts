/**
 * Incidents and their escalation. An alert group routed to an escalation policy opens an
 * incident; its first step pages at once and later steps page on a stored timer until someone
 * acknowledges. Every verb is one transaction that changes the incident row (guarded by its
 * `updated_at`, so two instances never both run a step), writes the timeline and queues the
 * notifications in the outbox: after a crash a step either happened with all its pages queued,
 * or did not and runs again. Timers live in one DueTimer, rebuilt from the rows at start.
 */
import type { Transaction } from 'kysely';
import type { Actor } from '../auth/roles.js';
import type { GroupNotification } from '../alerts/dispatch/dispatcher.js';
import { recordAudit } from '../audit/record.js';
import type { EscalationTarget, OpsConfig } from '../config/index.js';
import { AppError } from '../errors.js';
import { DueTimer } from '../lib/due-timer.js';
import type { NewNotification } from '../notify/dispatch/types.js';
import type { MessageAlert } from '../notify/message.js';
import { nextAfter, reassignedPolicy, snapshotPolicy } from '../oncall/escalation/policy.js';
import type { Store } from '../store/index.js';
import type { Database } from '../store/schema.js';
import type { Logger } from '../telemetry/logger.js';
import { incidentTitle, messageAlert } from './from-group.js';
import { Raced, StepRunner, type AfterCommit } from './steps.js';
import { OpenBatcher, type Opened } from './open-batcher.js';
import { addEvent, incidentRow, type Db } from './repository.js';
import { incidentView, policyOf, type IncidentRow, type IncidentView } from './types.js';
import { isoTime } from '../lib/time.js';

/** The outbox, as the notify domain's Notifier offers it. */
export interface Outbox {
  prepare(items: NewNotification[]): {
    ids: string[];
    statements: readonly { sql: string; parameters: readonly unknown[] }[];
    afterCommit(): void;
  };
  cancelForIncident(incidentId: number): {
    statements: readonly { sql: string; parameters: readonly unknown[] }[];
    afterCommit(): void;
  };
}

export interface IncidentsDeps {
  store: Pick<Store, 'db'>;
  logger: Logger;
  config: () => OpsConfig;
  outbox: Outbox;
  /** Person ids on call in a schedule at an instant (the oncall domain). */
  onCall: (scheduleId: string, at: number) => string[];
  signingKey: Buffer;
  now?: () => number;
  /** Called after each step that paged (metrics). */
  onPaged?: (notifications: number) => void;
}

/** Who performed a verb: a token or person (audited), a signed link, or Opsdeck itself. */
export interface ActionBy {
  /** Shown on the timeline and in notifications, e.g. `alice` or `token:ci`. */
  name: string;
  /** Audited when set (API and CLI calls). */
  audit?: { actor: Actor; requestId?: string | undefined } | undefined;
}

const SYSTEM: ActionBy = { name: 'opsdeck' };

/** An incident to open for an alert group. */
interface OpenRequest {
  n: GroupNotification;
  policyId: string;
  service: string | null;
  alerts: MessageAlert[];
}

type Work = (trx: Transaction<Database>, row: IncidentRow, now: number) => Promise<AfterCommit[]>;

export class Incidents {
  readonly #timer: DueTimer<number>;
  /** Open incident per alert group key. */
  readonly #openByKey = new Map<string, number>();
  /** Latest alerts of each open incident, for the messages of later steps. */
  readonly #alerts = new Map<number, MessageAlert[]>();
  /** Serializes work per incident (and per group key) within this process. */
  readonly #locks = new Map<string, Promise<unknown>>();
  #started = false;
  readonly #opener: OpenBatcher<OpenRequest>;
  readonly #steps: StepRunner;

  constructor(private readonly deps: IncidentsDeps) {
    this.#steps = new StepRunner({ ...deps, alertsOf: (id) => this.#alerts.get(id) });
    this.#timer = new DueTimer((id) => void this.#onDue(id), 0, this.#now);
    this.#opener = new OpenBatcher(
      () => this.deps.store.db,
      (trx, req) => this.#openIn(trx, req),
    );
  }

  readonly #now = (): number => (this.deps.now ?? Date.now)();

  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    const rows = await this.deps.store.db
      .selectFrom('incidents')
      .selectAll()
      .where('status', '<>', 'resolved')
      .execute();
    for (const row of rows) {
      this.#openByKey.set(row.key, Number(row.id));
      this.#schedule(row);
    }
    this.#timer.start();
  }

  async close(): Promise<void> {
    this.#timer.stop();
    this.#started = false;
    await this.#opener.settled();
    await Promise.allSettled([...this.#locks.values()]);
  }

  /** Incident ids by group key, for tests and the alert views. */
  openIncidentOf(groupKey: string): number | undefined {
    return this.#openByKey.get(groupKey);
  }

  /**
   * An alert group routed to `policyId` notified: opens an incident when none is open for the
   * group, refreshes its alerts otherwise, and resolves it when the group resolved.
   */
  onGroup(n: GroupNotification, policyId: string): Promise<void> {
    return this.#serial(`group:${n.groupKey}`, async () => {
      const id = this.#openByKey.get(n.groupKey);
      if (n.firing.length === 0) {
        if (id !== undefined) await this.resolve(id, SYSTEM, 'every alert of the group resolved');
        return;
      }
      const alerts = n.firing.map((a) => messageAlert(a, 'firing'));
      if (id !== undefined) {
        this.#alerts.set(id, alerts);
        return;
      }
      await this.#open(n, policyId, alerts);
    });
  }

  async #open(n: GroupNotification, routePolicy: string, alerts: MessageAlert[]): Promise<void> {
    const config = this.deps.config();
    const service = n.commonLabels.service ?? n.groupLabels.service ?? null;
    const policyId = (service !== null && config.services[service]?.escalation) || routePolicy;
    if (!config.escalation_policies[policyId]) {
      this.deps.logger.error(
        { policy: policyId, group: n.groupKey },
        'escalation policy missing; nobody paged',
      );
      return;
    }
    let opened: Opened;
    try {
      opened = await this.#opener.open({ n, policyId, service, alerts });
    } catch (error) {
      // Another instance opened this group's incident first (the open-key unique index).
      const existing = await this.deps.store.db
        .selectFrom('incidents')
        .select('id')
        .where('key', '=', n.groupKey)
        .where('status', '<>', 'resolved')
        .executeTakeFirst();
      if (!existing) throw error;
      this.#openByKey.set(n.groupKey, Number(existing.id));
      return;
    }
    for (const f of opened.afterCommit) f();
    this.#openByKey.set(n.groupKey, opened.id);
    this.#alerts.set(opened.id, alerts);
    if (opened.nextEscalationAt !== null) this.#timer.set(opened.id, opened.nextEscalationAt);
  }

  /** One incident's rows inside a batch transaction: the incident, its timeline, step 1's pages. */
  async #openIn(trx: Transaction<Database>, req: OpenRequest): Promise<Opened> {
    const { n, policyId, service, alerts } = req;
    const now = this.#now();
    const severity = n.severity;
    const policy = snapshotPolicy(this.deps.config(), policyId, severity);
    const title = incidentTitle(n);
    const next = this.#steps.escalates(severity) ? nextAfter(policy, 0, 0, now) : null;
    const inserted = await trx
      .insertInto('incidents')
      .values({
        key: n.groupKey,
        title,
        severity,
        service,
        status: 'triggered',
        source: 'alerts',
        labels: JSON.stringify(n.commonLabels),
        policy_id: policyId,
        policy: JSON.stringify(policy),
        step: 0,
        round: 0,
        next_escalation_at: next?.at ?? null,
        snoozed_until: null,
        opened_at: now,
        acknowledged_at: null,
        acknowledged_by: null,
        resolved_at: null,
        resolved_by: null,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(inserted.id);
    await addEvent(trx, id, now, 'opened', null, {
      group: n.groupKey,
      policy: policyId,
      alerts: alerts.length,
    });
    const facts = this.#steps.facts(
      { id, title, severity, service, status: 'triggered', opened_at: now },
      0,
      0,
      null,
      alerts,
    );
    const afterCommit = await this.#steps.page(trx, policy, facts, 'incident.triggered', now, null);
    return { id, nextEscalationAt: next?.at ?? null, afterCommit };
  }

  /** Arms the incident's timer: the next step while triggered, the snooze end while acknowledged. */
  #schedule(row: IncidentRow): void {
    const id = Number(row.id);
    const due =
      row.status === 'triggered'
        ? row.next_escalation_at
        : row.status === 'acknowledged'
          ? row.snoozed_until
          : null;
    if (due === null) this.#timer.delete(id);
    else this.#timer.set(id, Number(due));
  }

  async #onDue(id: number): Promise<void> {
    try {
      await this.#mutate(id, null, async (trx, row, now) => {
        if (
          row.status === 'triggered' &&
          row.next_escalation_at !== null &&
          Number(row.next_escalation_at) <= now
        ) {
          return (await this.#steps.escalateNext(trx, row, now, null)) ?? [];
        }
        if (
          row.status === 'acknowledged' &&
          row.snoozed_until !== null &&
          Number(row.snoozed_until) <= now
        ) {
          // A snooze ran out: trigger again and page the level that was acknowledged.
          await addEvent(trx, Number(row.id), now, 'snooze_ended', null);
          return this.#steps.runStep(
            trx,
            row,
            policyOf(row)!,
            row.step,
            row.round,
            'incident.triggered',
            now,
            null,
          );
        }
        return [];
      });
    } catch (error) {
      this.deps.logger.warn(
        { err: error, incident: id },
        'escalation step failed; retrying in 5 s',
      );
      this.#timer.set(id, this.#now() + 5_000);
    }
  }

  /**
   * Reads the incident, runs `work` in one transaction, then the after-commit hooks and the
   * timer. Retries once when another writer got there first.
   */
  #mutate(
    id: number,
    audit: ActionBy['audit'] | null,
    work: Work,
    action?: string,
  ): Promise<IncidentView> {
    return this.#serial(`incident:${id}`, async () => {
      for (let attempt = 0; ; attempt++) {
        const row = await incidentRow(this.deps.store.db, id);
        if (!row) throw new AppError('not_found', `incident ${id} does not exist`);
        let after: AfterCommit[] = [];
        try {
          await this.deps.store.db.transaction().execute(async (trx) => {
            after = await work(trx, row, this.#now());
            if (audit && action) await recordAudit(trx, audit, action, `incident:${id}`);
          });
        } catch (error) {
          if (error instanceof Raced && attempt === 0) continue;
          if (error instanceof Raced)
            throw new AppError('conflict', `incident ${id} changed meanwhile; try again`);
          throw error;
        }
        for (const f of after) f();
        const fresh = (await incidentRow(this.deps.store.db, id))!;
        this.#schedule(fresh);
        if (fresh.status === 'resolved') {
          if (this.#openByKey.get(fresh.key) === id) this.#openByKey.delete(fresh.key);
          this.#alerts.delete(id);
        }
        return incidentView(fresh);
      }
    });
  }

  async #serial<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.#locks.get(key) ?? Promise.resolve();
    const run = previous.then(fn, fn);
    const tail = run.catch(() => undefined);
    this.#locks.set(key, tail);
    try {
      return await run;
    } finally {
      if (this.#locks.get(key) === tail) this.#locks.delete(key);
    }
  }

  /** Stops escalation; tells everyone paged. Acknowledging twice is a no-op. */
  acknowledge(id: number, by: ActionBy): Promise<IncidentView> {
    return this.#mutate(
      id,
      by.audit,
      async (trx, row, now) => {
        if (row.status === 'resolved')
          throw new AppError('conflict', `incident ${id} is already resolved`);
        if (row.status === 'acknowledged') return [];
        await this.#steps.update(trx, row, now, {
          status: 'acknowledged',
          acknowledged_at: now,
          acknowledged_by: by.name,
          next_escalation_at: null,
          snoozed_until: null,
        });
        await addEvent(trx, id, now, 'acknowledged', by.name);
        return this.#steps.stopPaging(trx, row, now, 'incident.acknowledged', by.name);
      },
      'incident.acknowledge',
    );
  }

  /** Ends the incident and its paging; tells everyone paged. Resolving twice is a no-op. */
  resolve(id: number, by: ActionBy, reason?: string): Promise<IncidentView> {
    return this.#mutate(
      id,
      by.audit,
      async (trx, row, now) => {
        if (row.status === 'resolved') return [];
        await this.#steps.update(trx, row, now, {
          status: 'resolved',
          resolved_at: now,
          resolved_by: by.name,
          next_escalation_at: null,
          snoozed_until: null,
        });
        await addEvent(trx, id, now, 'resolved', by.name, reason ? { reason } : undefined);
        return this.#steps.stopPaging(trx, row, now, 'incident.resolved', by.name);
      },
      'incident.resolve',
    );
  }

  /** Pages the next step now, whatever its timer said (also re-triggers an acknowledged incident). */
  escalate(id: number, by: ActionBy): Promise<IncidentView> {
    return this.#mutate(
      id,
      by.audit,
      async (trx, row, now) => {
        if (row.status === 'resolved') throw new AppError('conflict', `incident ${id} is resolved`);
        const after = await this.#steps.escalateNext(trx, row, now, by.name);
        if (!after) throw new AppError('conflict', `incident ${id} has no further escalation step`);
        return after;
      },
      'incident.escalate',
    );
  }

  /**
   * Hands the incident to `to`: `policy:<id>` restarts paging with that policy; a person,
   * schedule or team is paged now, and the rest of the current policy follows if nobody
   * acknowledges.
   */
  reassign(id: number, to: string, by: ActionBy): Promise<IncidentView> {
    const config = this.deps.config();
    const match = /^(person|schedule|team|policy):(.+)$/.exec(to);
    const section = {
      person: 'people',
      schedule: 'schedules',
      team: 'teams',
      policy: 'escalation_policies',
    } as const;
    if (!match || !Object.hasOwn(config[section[match[1] as keyof typeof section]], match[2]!))
      throw new AppError(
        'validation_failed',
        `to: expected person:<id>, schedule:<id>, team:<id> or policy:<id> naming one in the config, got '${to}'`,
      );
    const [kind, target] = [match[1]!, match[2]!];
    return this.#mutate(
      id,
      by.audit,
      async (trx, row, now) => {
        if (row.status === 'resolved') throw new AppError('conflict', `incident ${id} is resolved`);
        const current = policyOf(row);
        const policy =
          kind === 'policy'
            ? snapshotPolicy(config, target, row.severity)
            : reassignedPolicy(
                current ?? {
                  id: 'reassigned',
                  name: 'reassigned',
                  steps: [{ atMs: 0, targets: [] }],
                  repeat: 0,
                  roundMs: 0,
                },
                [{ kind, id: target } as EscalationTarget],
                current ? row.step : 0,
              );
        await addEvent(trx, id, now, 'reassigned', by.name, { to });
        return this.#steps.runStep(trx, row, policy, 0, 0, 'incident.triggered', now, by.name, {
          policy: JSON.stringify(policy),
          policy_id: kind === 'policy' ? target : row.policy_id,
        });
      },
      'incident.reassign',
    );
  }

  /** Silences an acknowledged incident for `ms`; then it triggers again and pages. */
  snooze(id: number, ms: number, by: ActionBy): Promise<IncidentView> {
    return this.#mutate(
      id,
      by.audit,
      async (trx, row, now) => {
        if (row.status !== 'acknowledged')
          throw new AppError(
            'conflict',
            `incident ${id} is ${row.status}; only acknowledged incidents can be snoozed`,
          );
        await this.#steps.update(trx, row, now, { snoozed_until: now + ms });
        await addEvent(trx, id, now, 'snoozed', by.name, {
          until: isoTime(now + ms),
        });
        return [];
      },
      'incident.snooze',
    );
  }
}

export type { Db };
