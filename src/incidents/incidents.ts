/**
 * Incidents: opened by alert groups routed to an escalation policy or declared by people,
 * paged step by step on stored timers until someone acknowledges, then worked through the
 * lifecycle (lifecycle.ts) to resolution, closure and the post-mortem.
 *
 * Every change is one transaction made by the IncidentWriter (row guarded by `updated_at`,
 * timeline and outbox rows in the same commit): after a crash a step either happened with all
 * its pages queued, or did not and runs again. Escalation timers live in one DueTimer, rebuilt
 * from the rows at start. The verbs themselves are in `verbs/`, one concern a file.
 */
import type { GroupNotification } from '../alerts/dispatch/dispatcher.js';
import { recordAudit } from '../audit/record.js';
import type { OpsConfig } from '../config/index.js';
import type { ChangeFeed } from '../lib/change-feed.js';
import { DueTimer } from '../lib/due-timer.js';
import type { NewNotification } from '../notify/dispatch/types.js';
import type { MessageAlert } from '../notify/message.js';
import { snapshotPolicy } from '../oncall/escalation/policy.js';
import type { Store } from '../store/index.js';
import type { Logger } from '../telemetry/logger.js';
import { incidentTitle, messageAlert } from './from-group.js';
import {
  isOpen,
  isWorking,
  OPEN_STATUSES,
  type IncidentStatus,
  type UpdateStatus,
} from './lifecycle.js';
import { OpenBatcher } from './open-batcher.js';
import { openIncident, type Opened } from './open.js';
import { loadView } from './repository.js';
import { StepRunner } from './steps.js';
import type { IncidentRole, IncidentRow, IncidentView } from './types.js';
import {
  assertKnown,
  type ActionBy,
  type ResolvedHook,
  type VerbContext,
} from './verbs/context.js';
import { editIncident, type IncidentEdit } from './verbs/edit.js';
import { alertSummaries, groupChanged } from './verbs/group.js';
import { addNote, pinEvent } from './verbs/notes.js';
import { assignRole } from './verbs/roles.js';
import { setSeverity } from './verbs/severity.js';
import { acknowledge, moveTo, reopen, resolve } from './verbs/status.js';
import { publishUpdate } from './verbs/updates.js';
import { due, escalate, reassign, snooze } from './verbs/paging.js';
import { declaredIncident, type Declaration } from './declare.js';
import { IncidentWriter, type Work } from './writer.js';

export type { ActionBy } from './verbs/context.js';
export type { Declaration } from './declare.js';

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
  /** Streams every committed change (`/api/v1/events`). */
  feed?: ChangeFeed | undefined;
}

/** An incident to open for an alert group. */
interface OpenRequest {
  n: GroupNotification;
  policyId: string;
  service: string | null;
  alerts: MessageAlert[];
}

export class Incidents {
  readonly #timer: DueTimer<number>;
  /** Open incident per alert group key. */
  readonly #openByKey = new Map<string, number>();
  /** Latest alerts of each open incident, for the messages of later steps. */
  readonly #alerts = new Map<number, MessageAlert[]>();
  #started = false;
  readonly #opener: OpenBatcher<OpenRequest>;
  readonly #steps: StepRunner;
  readonly #writer: IncidentWriter;
  readonly #ctx: VerbContext;

  constructor(private readonly deps: IncidentsDeps) {
    this.#steps = new StepRunner({ ...deps, alertsOf: (id) => this.#alerts.get(id) });
    this.#ctx = { steps: this.#steps, config: deps.config };
    this.#timer = new DueTimer((id) => void this.#onDue(id), 0, this.#now);
    this.#writer = new IncidentWriter({
      store: deps.store,
      now: this.#now,
      feed: deps.feed,
      committed: (row) => this.#committed(row),
    });
    this.#opener = new OpenBatcher(
      () => this.deps.store.db,
      (trx, req) => this.#openIn(trx, req),
    );
  }

  readonly #now = (): number => (this.deps.now ?? Date.now)();

  /** Runs in the transaction of every resolution (the post-mortems domain opens its row). */
  onResolved(hook: ResolvedHook): void {
    this.#ctx.resolved = hook;
  }

  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    const rows = await this.deps.store.db
      .selectFrom('incidents')
      .selectAll()
      .where('status', 'in', OPEN_STATUSES)
      .execute();
    for (const row of rows) this.#committed(row);
    this.#timer.start();
  }

  async close(): Promise<void> {
    this.#timer.stop();
    this.#started = false;
    await this.#opener.settled();
    await this.#writer.settled();
  }

  /** Incident ids by group key, for tests and the alert views. */
  openIncidentOf(groupKey: string): number | undefined {
    return this.#openByKey.get(groupKey);
  }

  /** Keeps the in-memory indexes and the timer in step with a committed row. */
  #committed(row: IncidentRow): void {
    const id = Number(row.id);
    if (isOpen(row.status)) {
      if (row.source === 'alerts') this.#openByKey.set(row.key, id);
    } else {
      if (this.#openByKey.get(row.key) === id) this.#openByKey.delete(row.key);
      this.#alerts.delete(id);
    }
    // The next step while triggered, the snooze end while someone is on it.
    const due =
      row.status === 'triggered'
        ? row.next_escalation_at
        : isWorking(row.status)
          ? row.snoozed_until
          : null;
    if (due === null) this.#timer.delete(id);
    else this.#timer.set(id, Number(due));
  }

  /**
   * An alert group routed to `policyId` notified: opens an incident when none is open for the
   * group, records what changed otherwise (and resolves it when its severity auto-resolves).
   */
  onGroup(n: GroupNotification, policyId: string): Promise<void> {
    return this.#writer.serial(`group:${n.groupKey}`, async () => {
      const id = this.#openByKey.get(n.groupKey);
      if (id === undefined) {
        if (n.firing.length > 0)
          await this.#open(
            n,
            policyId,
            n.firing.map((a) => messageAlert(a, 'firing')),
          );
        return;
      }
      if (n.firing.length > 0)
        this.#alerts.set(
          id,
          n.firing.map((a) => messageAlert(a, 'firing')),
        );
      await this.#writer.mutate(id, groupChanged(this.#ctx, n));
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
        .where('status', 'in', OPEN_STATUSES)
        .executeTakeFirst();
      if (!existing) throw error;
      this.#openByKey.set(n.groupKey, Number(existing.id));
      return;
    }
    this.#afterOpen(opened, alerts);
    this.#openByKey.set(n.groupKey, opened.id);
  }

  #afterOpen(opened: Opened, alerts: MessageAlert[]): void {
    for (const f of opened.afterCommit) f();
    this.#alerts.set(opened.id, alerts);
    if (opened.nextEscalationAt !== null) this.#timer.set(opened.id, opened.nextEscalationAt);
    const feed = this.deps.feed;
    if (feed)
      void loadView(this.deps.store.db, opened.id).then(
        (view) => view && feed.publish('incident.opened', view),
        () => undefined,
      );
  }

  /** One incident's rows inside a batch transaction: the incident, its timeline, step 1's pages. */
  #openIn(trx: Parameters<Work>[0], req: OpenRequest): Promise<Opened> {
    const { n, policyId, service, alerts } = req;
    const config = this.deps.config();
    const startedAt = Math.min(...n.firing.map((a) => a.startsAt));
    return openIncident(
      trx,
      this.#steps,
      config,
      {
        key: n.groupKey,
        title: incidentTitle(n),
        severity: n.severity,
        services: service === null ? [] : [service],
        source: 'alerts',
        labels: n.commonLabels,
        policy: snapshotPolicy(config, policyId, n.severity),
        startedAt: Number.isFinite(startedAt) ? startedAt : undefined,
        alerts: n.firing.map((a) => a.fingerprint),
        event: {
          kind: 'opened',
          actor: null,
          detail: {
            group: n.groupKey,
            policy: policyId,
            alerts: n.firing.length,
            fired: alertSummaries(n.firing),
          },
        },
        messageAlerts: alerts,
      },
      this.#now(),
    );
  }

  /**
   * Declares an incident by hand. It pages the chosen policy (by default the first service's,
   * when the severity pages); otherwise it starts `investigating` with the declarer on it.
   */
  async declare(input: Declaration, by: ActionBy): Promise<IncidentView> {
    const now = this.#now();
    const config = this.deps.config();
    const incident = declaredIncident(config, input, by, now);
    const opened = await this.deps.store.db.transaction().execute(async (trx) => {
      const result = await openIncident(trx, this.#steps, config, incident, now);
      if (by.audit) await recordAudit(trx, by.audit, 'incident.declare', `incident:${result.id}`);
      return result;
    });
    this.#afterOpen(opened, []);
    return (await loadView(this.deps.store.db, opened.id))!;
  }

  async #onDue(id: number): Promise<void> {
    try {
      await this.#writer.mutate(id, due(this.#ctx));
    } catch (error) {
      this.deps.logger.warn(
        { err: error, incident: id },
        'escalation step failed; retrying in 5 s',
      );
      this.#timer.set(id, this.#now() + 5_000);
    }
  }

  #run(id: number, by: ActionBy, action: string, work: Work): Promise<IncidentView> {
    return this.#writer.mutate(id, work, by.audit, action);
  }

  /** Stops escalation; tells everyone paged. Someone else acknowledging first is a 409 naming them. */
  acknowledge(id: number, by: ActionBy): Promise<IncidentView> {
    return this.#run(id, by, 'incident.acknowledge', acknowledge(this.#ctx, by));
  }

  /** Ends the incident and its paging; tells everyone paged. */
  resolve(id: number, by: ActionBy, reason?: string): Promise<IncidentView> {
    return this.#run(id, by, 'incident.resolve', resolve(this.#ctx, by, reason));
  }

  /** Moves the incident along its lifecycle (409 naming the allowed moves otherwise). */
  setStatus(id: number, status: IncidentStatus, by: ActionBy): Promise<IncidentView> {
    if (status === 'acknowledged') return this.acknowledge(id, by);
    if (status === 'resolved') return this.resolve(id, by);
    return this.#run(id, by, 'incident.status', moveTo(this.#ctx, status, by));
  }

  reopen(id: number, by: ActionBy, reason?: string): Promise<IncidentView> {
    return this.#run(id, by, 'incident.reopen', reopen(this.#ctx, by, reason));
  }

  setSeverity(id: number, severity: string, by: ActionBy): Promise<IncidentView> {
    assertKnown('severity', 'severity', severity, this.deps.config().severities);
    return this.#run(id, by, 'incident.severity', setSeverity(this.#ctx, severity, by));
  }

  assignRole(id: number, role: IncidentRole, person: string | null, by: ActionBy) {
    if (person !== null) assertKnown('person', 'person', person, this.deps.config().people);
    return this.#run(id, by, 'incident.role', assignRole(this.#ctx, role, person, by));
  }

  note(id: number, body: string, pinned: boolean, by: ActionBy): Promise<IncidentView> {
    return this.#run(id, by, 'incident.note', addNote(this.#ctx, body, pinned, by));
  }

  pin(id: number, eventId: number, pinned: boolean, by: ActionBy): Promise<IncidentView> {
    return this.#run(
      id,
      by,
      pinned ? 'incident.pin' : 'incident.unpin',
      pinEvent(this.#ctx, eventId, pinned),
    );
  }

  edit(id: number, edit: IncidentEdit, by: ActionBy): Promise<IncidentView> {
    return this.#run(id, by, 'incident.edit', editIncident(this.#ctx, edit, by));
  }

  /** Publishes a public update; resolves with the incident and the new update's id. */
  async publishUpdate(id: number, status: UpdateStatus, message: string, by: ActionBy) {
    const published: { id?: number } = {};
    const work = publishUpdate(this.#ctx, status, message, by, published);
    const incident = await this.#run(id, by, 'incident.update', work);
    return { incident, updateId: published.id! };
  }

  /** Pages the next step now, whatever its timer said (also re-triggers an acknowledged incident). */
  escalate(id: number, by: ActionBy): Promise<IncidentView> {
    return this.#run(id, by, 'incident.escalate', escalate(this.#ctx, by));
  }

  /** Hands the incident to `person:`, `schedule:`, `team:` or `policy:` and pages them now. */
  reassign(id: number, to: string, by: ActionBy): Promise<IncidentView> {
    return this.#run(id, by, 'incident.reassign', reassign(this.#ctx, to, by));
  }

  /** Silences an incident someone is on for `ms`; then it triggers again and pages. */
  snooze(id: number, ms: number, by: ActionBy): Promise<IncidentView> {
    return this.#run(id, by, 'incident.snooze', snooze(this.#ctx, ms, by));
  }
}
