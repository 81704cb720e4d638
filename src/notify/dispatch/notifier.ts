import type { ChannelConfig } from '../../config/index.js';
import { AppError } from '../../errors.js';
import { DueTimer } from '../../lib/due-timer.js';
import type { BatchStatement } from '../../store/index.js';
import type { Logger } from '../../telemetry/logger.js';
import type { AttemptResult } from '../channels/channel.js';
import { attemptBounded } from './attempt.js';
import { claimDue, claimIds, pendingLater, releaseAbandoned } from './claims.js';
import { Committer } from './committer.js';
import { Holdings } from './holdings.js';
import { leaseMs, renewHeld } from './leases.js';
import { NotifyMetrics } from './metrics.js';
import { failedNotification, planOutcome, type AttemptMade, type OutcomePlan } from './outcome.js';
import { getNotification } from './queries.js';
import { registryAttempt, registryDefaults, registryUnreachable } from './registry.js';
import { Retention } from './retention.js';
import {
  heldOf,
  insertStatements,
  newRow,
  UNREADABLE,
  type Held,
  type NotificationRow,
} from './rows.js';
import { deliverySettings, type DeliverySettings } from './settings.js';
import { attemptInserts, cancelStatement, releaseStatements, finishUpdates } from './statements.js';
import { Sweeper } from './sweeper.js';
import type { NewNotification, NotificationView, NotifierDeps } from './types.js';
import { Waiters } from './waiters.js';

const SWEEP_MS = 5_000;
/** Rows one instance holds at most; the rest wait in storage for a later sweep (backpressure). */
const MAX_HELD = 5_000;
const CLAIM_BATCH = 1_000;
/** An attempt only starts if the lease outlasts its timeout by this much. */
const LEASE_MARGIN_MS = 5_000;
const DEFAULT_TIMEOUT_MS = 10_000;
const FINAL = new Set(['delivered', 'failed', 'cancelled']);

/**
 * The durable notification dispatcher: an outbox in storage, per-channel queues in memory
 * (see README.md).
 *
 * A notification due now is inserted `sending` under this instance's lease by the same
 * transaction as the change that caused it, and handed to its channel's queue right after the
 * commit: no claim write and no polling on the happy path. Retries and delayed pages go back
 * to `pending` with their due time and are claimed when due (a conditional UPDATE: one
 * instance wins). A sweeper claims due rows and rows whose owner's lease ran out, so after a
 * crash every unfinished notification is delivered at least once. The outcome of each attempt
 * and its log row are group-committed.
 */
export class Notifier {
  readonly metrics: NotifyMetrics;
  readonly #deps: NotifierDeps;
  readonly #log: Logger;
  readonly #now: () => number;
  readonly #attempt;
  readonly #defaultsOf;
  readonly #unreachable;
  readonly #insert;
  readonly #committer: Committer;
  readonly #holdings: Holdings;
  /** Pending rows this instance expects to claim when due (ids only: the row is re-read). */
  readonly #due: DueTimer<string>;
  #dueNow = new Set<string>();
  readonly #sweeper: Sweeper;
  readonly #retention: Retention;
  /** Attempts and claims under way, which close() waits for. */
  readonly #work = new Set<Promise<unknown>>();
  readonly #waiters = new Waiters();
  #started: Promise<void> | undefined;
  #closing: Promise<void> | undefined;

  constructor(deps: NotifierDeps) {
    this.#deps = deps;
    this.#log = deps.logger.child({ component: 'notifier', instance: deps.instanceId });
    this.#now = deps.now ?? Date.now;
    this.#attempt = deps.attempt ?? registryAttempt;
    this.#defaultsOf = deps.defaultsOf ?? registryDefaults;
    this.#unreachable = deps.unreachable ?? registryUnreachable;
    this.#insert = insertStatements(deps.store.dialect);
    this.#committer = new Committer(
      deps.store,
      attemptInserts(deps.store.dialect),
      (error, n) =>
        this.#log.warn({ err: error, failures: n }, 'notification outcome commit failed; retrying'),
      finishUpdates(deps.store.dialect),
    );
    this.#holdings = new Holdings((channel) => ({
      limits: () => {
        const config = deps.config().channels[channel];
        return config && this.#settingsOf(config);
      },
      run: (h) => this.#track(this.#deliver(h)),
      gone: (items) => {
        for (const h of items) this.#complete(h, goneResult(h.channel), null);
      },
      now: this.#now,
    }));
    this.#due = new DueTimer((id) => this.#onDue(id), 0);
    this.#retention = new Retention(deps.store);
    this.#sweeper = new Sweeper(
      deps.sweepIntervalMs ?? SWEEP_MS,
      [
        ['lease renewal', () => this.#renew()],
        ['claim', () => this.#claimBacklog()],
        ['retention', () => this.#prune()],
      ],
      (step, error) => this.#log.warn({ err: error }, `notification sweep: ${step} failed`),
    );
    this.metrics = new NotifyMetrics(deps.metrics.registry, async () => {
      const row = await deps.store.db
        .selectFrom('notifications')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', 'in', ['pending', 'sending'])
        .executeTakeFirstOrThrow();
      return Number(row.n);
    });
  }

  /** Claims what is due or abandoned, arms timers for what is due later, starts the sweeper. */
  start(): Promise<void> {
    return (this.#started ??= (async () => {
      this.#due.start();
      if (this.#deps.takeOverAtStart) {
        const taken = await releaseAbandoned(this.#deps.store.db);
        if (taken > 0)
          this.#log.info(
            { notifications: taken },
            'taking over notifications interrupted by the last exit',
          );
      }
      await this.#claimBacklog();
      for (const row of await pendingLater(this.#deps.store.db, this.#now(), 10_000))
        this.#due.set(row.id, row.next_attempt_at);
      this.#sweeper.start();
    })());
  }

  /**
   * Insert statements for the caller's own transaction (`store.writeBatch`), and the hook to
   * call once it has committed: it hands the rows to the queues without reading them back.
   */
  prepare(items: readonly NewNotification[]): {
    ids: string[];
    statements: BatchStatement[];
    afterCommit(): void;
  } {
    const now = this.#now();
    // A closing instance sends nothing more: its rows wait, due, for the next one.
    const lease = this.#closing ? null : now + this.#leaseMs();
    const rows = items.map((item) => newRow(item, now, lease));
    return {
      ids: rows.map((r) => r.id),
      statements: this.#insert(rows),
      afterCommit: () => {
        for (const row of rows)
          if (row.status === 'sending') this.#holdings.hold(heldOf(row));
          else this.#due.set(row.id, row.next_attempt_at);
      },
    };
  }

  /** Inserts and commits `items` on their own, then queues them; resolves with their ids. */
  async enqueue(items: readonly NewNotification[]): Promise<string[]> {
    if (items.length === 0) return [];
    const prepared = this.prepare(items);
    await this.#deps.store.writeBatch(prepared.statements);
    prepared.afterCommit();
    return prepared.ids;
  }

  /**
   * Statements cancelling the incident's cancellable notifications that no attempt reached
   * yet, for the caller's transaction, and the hook that takes them off the queues after it.
   */
  cancelForIncident(incidentId: number): { statements: BatchStatement[]; afterCommit(): void } {
    return {
      statements: [cancelStatement(this.#deps.store.db, incidentId, this.#now())],
      afterCommit: () => {
        const dropped = this.#holdings.drop(
          (h) => h.incidentId === incidentId && h.cancellable && h.attempts === 0,
        );
        for (const h of dropped) this.#waiters.signal(h.id);
      },
    };
  }

  /** The notification once final (delivered, failed, cancelled), or as it stands after `waitMs`. */
  async waitFor(id: string, waitMs: number): Promise<NotificationView> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      // Woken by this instance's outcome; polling covers an outcome written by another one.
      const waiter = this.#waiters.wait(id, Math.max(0, Math.min(deadline - Date.now(), 1_000)));
      const view = await getNotification(this.#deps.store.db, id);
      if (!view || FINAL.has(view.status) || Date.now() >= deadline || this.#closing) {
        waiter.cancel();
        if (!view) throw AppError.notFound('notification', id);
        return view;
      }
      await waiter.woken;
    }
  }

  /**
   * Stops taking work, lets attempts in flight finish (bounded by their timeouts), hands the
   * queued rows back to storage for the next instance, and commits what is left.
   */
  close(): Promise<void> {
    return (this.#closing ??= (async () => {
      this.#due.stop();
      this.#holdings.stop();
      await this.#sweeper.stop();
      while (this.#work.size > 0) await Promise.allSettled([...this.#work]);
      const queued = this.#holdings.takeQueued();
      if (queued.length > 0)
        this.#committer.add({
          statements: releaseStatements(this.#deps.store.db, queued, this.#now()),
        });
      const left = await this.#committer.close();
      if (left > 0)
        this.#log.warn({ entries: left }, 'notifier closed with outcomes not committed');
      this.#waiters.signalAll();
    })());
  }

  #settingsOf(config: ChannelConfig): DeliverySettings {
    return deliverySettings(config, this.#defaultsOf(config.type));
  }

  async #deliver(h: Held): Promise<void> {
    try {
      const config = this.#deps.config().channels[h.channel];
      if (!config) return this.#complete(h, goneResult(h.channel), null);
      const settings = this.#settingsOf(config);
      if (h.lease - this.#now() < settings.timeoutMs + LEASE_MARGIN_MS) {
        // Lease renewals failed (storage trouble): let the row go rather than risk sending it
        // twice; whoever claims it after the lease ends (maybe us) sends it.
        this.#holdings.forget(h.id);
        this.#log.warn({ id: h.id, channel: h.channel }, 'lease too short to attempt; released');
        return;
      }
      h.state = 'inflight';
      const why = h.attempts === 0 ? this.#unreachable(h.message, config) : undefined;
      if (why !== undefined)
        return this.#complete(h, { outcome: 'failed', status: null, detail: why }, null);
      const at = this.#now();
      const t0 = performance.now();
      const result = await attemptBounded(
        this.#attempt,
        h.message,
        config,
        { timeoutMs: settings.timeoutMs, idempotencyKey: h.id },
        (error) => this.#log.error({ err: error, channel: h.channel }, 'channel attempt threw'),
      );
      this.#complete(h, result, { at, durationMs: Math.round(performance.now() - t0) });
    } catch (error) {
      // A bug, not a delivery outcome: the lease runs out and a sweeper tries again.
      this.#holdings.forget(h.id);
      this.#log.error({ err: error, id: h.id }, 'notification delivery crashed');
    }
  }

  /** Records an outcome: group-committed, then follow-ups (retry timer, fallback, hooks). */
  #complete(h: Held, result: AttemptResult, attempt: AttemptMade | null): void {
    const config = this.#deps.config().channels[h.channel];
    const settings = config && this.#settingsOf(config);
    const plan = planOutcome(this.#deps.store.db, h, result, attempt, settings, this.#now());
    this.#holdings.forget(h.id);
    if (attempt)
      this.metrics.attemptSeconds.observe(
        { channel_kind: config?.type ?? 'unknown', outcome: result.outcome },
        attempt.durationMs / 1000,
      );
    this.#committer.add({
      attempts: plan.attemptRow ? [plan.attemptRow] : [],
      finishes: [plan.finish],
      statements: plan.statements,
      afterCommit: () => this.#afterOutcome(h, plan, config, result),
    });
  }

  #afterOutcome(
    h: Held,
    plan: OutcomePlan,
    config: ChannelConfig | undefined,
    result: AttemptResult,
  ): void {
    if (plan.kind === 'retry') this.#due.set(h.id, plan.nextAt!);
    else
      this.metrics.notifications.inc({
        channel_kind: config?.type ?? 'unknown',
        outcome: plan.kind,
      });
    if (plan.kind === 'failed') {
      this.metrics.failed.inc({ channel: h.channel });
      if (plan.fallback) this.#due.set(plan.fallback.id, this.#now());
      this.#log.warn(
        { id: h.id, channel: h.channel, attempts: plan.attempts, status: result.status },
        `notification failed: ${plan.detail}`,
      );
      try {
        this.#deps.onExhausted?.(failedNotification(h, plan, config, result.status));
      } catch (error) {
        this.#log.error({ err: error }, 'onExhausted hook threw');
      }
    }
    this.#waiters.signal(h.id);
  }

  /** Due ids are collected for one turn, then claimed with one statement. */
  #onDue(id: string): void {
    if (this.#dueNow.size === 0)
      setImmediate(() => {
        const ids = [...this.#dueNow];
        this.#dueNow = new Set();
        void this.#track(this.#claim(ids));
      });
    this.#dueNow.add(id);
  }

  /** Claims rows this instance expected to come due; those taken elsewhere are skipped. */
  async #claim(ids: string[]): Promise<void> {
    if (this.#closing) return;
    const now = this.#now();
    try {
      this.#adopt(await claimIds(this.#deps.store.db, ids, now, now + this.#leaseMs()));
    } catch (error) {
      this.#log.warn({ err: error, rows: ids.length }, 'claim failed; the sweeper will retry');
    }
  }

  #adopt(rows: readonly NotificationRow[]): void {
    for (const row of rows) {
      const h = heldOf(row);
      // An unreadable message fails once rather than being claimed again forever.
      if (h.message === UNREADABLE)
        this.#complete(
          h,
          { outcome: 'failed', status: null, detail: 'stored message is unreadable' },
          null,
        );
      else this.#holdings.hold(h);
    }
  }

  /** Extends the lease of queued rows before it runs short; drops rows another instance took. */
  async #renew(): Promise<void> {
    const db = this.#deps.store.db;
    const lost = await renewHeld(db, this.#holdings.all, this.#now(), this.#maxTimeoutMs());
    if (lost.size === 0) return;
    this.#holdings.drop((h) => lost.has(h.id));
    this.#log.info({ rows: lost.size }, 'notifications taken over by another instance');
  }

  async #claimBacklog(): Promise<void> {
    for (let round = 0; round < 10 && !this.#closing; round++) {
      const room = Math.min(CLAIM_BATCH, MAX_HELD - this.#holdings.size);
      if (room <= 0) return;
      const now = this.#now();
      const rows = await claimDue(this.#deps.store.db, now, now + this.#leaseMs(), room);
      this.#adopt(rows);
      if (rows.length < room) return;
    }
  }

  async #prune(): Promise<void> {
    const deleted = await this.#retention.run(this.#now());
    if (deleted > 0) this.#log.info({ deleted }, 'old notifications deleted');
  }

  /** Longest attempt timeout of any channel: leases must outlast an attempt comfortably. */
  #maxTimeoutMs(): number {
    let max = DEFAULT_TIMEOUT_MS;
    for (const channel of Object.values(this.#deps.config().channels))
      max = Math.max(max, channel.timeout);
    return max;
  }

  #leaseMs(): number {
    return leaseMs(this.#maxTimeoutMs());
  }

  #track<T>(promise: Promise<T>): Promise<T> {
    this.#work.add(promise);
    void promise.finally(() => this.#work.delete(promise)).catch(() => {});
    return promise;
  }
}

function goneResult(channel: string): AttemptResult {
  return {
    outcome: 'failed',
    status: null,
    detail: `channel '${channel}' is no longer in the config`,
  };
}
