import { AppError } from '../../errors.js';
import { DueTimer } from '../../lib/due-timer.js';
import type { AlertsConfig } from '../../config/index.js';
import type { Store } from '../../store/index.js';
import type { Logger } from '../../telemetry/logger.js';
import type { AlertSink } from '../ingest/sink.js';
import { isResolved, mergeAlert, overlaps, type AlertInput } from '../model/alert.js';
import { fingerprint } from '../model/fingerprint.js';
import type { LabelSet } from '../model/labels.js';
import { fromRow, type HeldAlert } from './rows.js';
import { AlertWriter, type AlertWriterHooks } from './writer.js';

/** What changed: a received alert (new, re-sent or resolved by its sender), or a timeout. */
export interface AlertChange {
  alert: HeldAlert;
  previous: HeldAlert | undefined;
  /** `received` from a sender; `expired` when its endsAt passed without a re-send. */
  cause: 'received' | 'expired';
}

export interface AlertStoreDeps {
  store: Pick<Store, 'db' | 'dialect' | 'writeBatch'>;
  logger: Logger;
  settings: () => AlertsConfig;
  hooks?: AlertWriterHooks & { onReceived?(source: string, count: number): void };
  now?: () => number;
}

/** How often resolved alerts past retention are deleted, and failed commits retried. */
const SWEEP_MS = 60_000;
const RETRY_MS = 2_000;

/**
 * Every alert Opsdeck holds, in memory and in storage. Memory is the working copy the
 * dispatcher and the API read (10,000 alerts are a few MB); storage is the durable copy,
 * written by group commit before any sender is answered. Re-sends merge as in Alertmanager;
 * a DueTimer on endsAt turns silence from a sender into a resolution.
 */
export class AlertStore implements AlertSink {
  readonly #alerts = new Map<string, HeldAlert>();
  readonly #listeners: Array<(change: AlertChange) => void> = [];
  readonly #expiry: DueTimer<string>;
  readonly #writer: AlertWriter;
  readonly #now: () => number;
  #sweep: NodeJS.Timeout | undefined;
  #retry: NodeJS.Timeout | undefined;

  constructor(private readonly deps: AlertStoreDeps) {
    this.#now = deps.now ?? Date.now;
    this.#writer = new AlertWriter(deps.store, deps.hooks);
    this.#expiry = new DueTimer((fp) => this.#expire(fp), 100, this.#now);
  }

  /** Loads what storage holds (active and within retention) and starts the timers. */
  async start(): Promise<void> {
    const now = this.#now();
    const rows = await this.deps.store.db
      .selectFrom('alerts')
      .selectAll()
      .where('ends_at', '>', now - this.deps.settings().retention)
      .execute();
    for (const row of rows) {
      const alert = fromRow(row);
      this.#alerts.set(alert.fingerprint, alert);
      if (!isResolved(alert, now)) this.#expiry.set(alert.fingerprint, alert.endsAt);
    }
    this.#expiry.start();
    this.#sweep = setInterval(() => void this.#deleteExpired(), SWEEP_MS);
    this.#sweep.unref();
    this.#retry = setInterval(() => {
      if (this.#writer.pending > 0) this.#writer.commit().catch(() => {});
    }, RETRY_MS);
    this.#retry.unref();
  }

  onChange(listener: (change: AlertChange) => void): void {
    this.#listeners.push(listener);
  }

  get(fp: string): HeldAlert | undefined {
    return this.#alerts.get(fp);
  }

  /** Every held alert, firing and recently resolved. */
  all(): IterableIterator<HeldAlert> {
    return this.#alerts.values();
  }

  get size(): number {
    return this.#alerts.size;
  }

  get pendingCommits(): number {
    return this.#writer.pending;
  }

  submit(inputs: readonly AlertInput[], source: string): Promise<void> {
    if (this.#writer.pending + inputs.length > this.deps.settings().max_pending)
      return Promise.reject(
        new AppError('overloaded', 'too many alerts waiting for storage; retry shortly'),
      );
    const now = this.#now();
    for (const input of inputs) this.#put(input, source, now);
    this.deps.hooks?.onReceived?.(source, inputs.length);
    return this.#writer.commit();
  }

  #put(input: AlertInput, source: string, now: number): void {
    const fp = fingerprint(input.labels);
    const held = this.#alerts.get(fp);
    // Written out field by field: a spread of the input made objects of varying shape, and
    // this runs for every alert received.
    let alert: HeldAlert = {
      fingerprint: fp,
      labels: input.labels,
      annotations: input.annotations,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      timeout: input.timeout,
      generatorURL: input.generatorURL,
      updatedAt: now,
      source,
      acknowledgedAt: null,
    };
    if (held && overlaps(held, alert)) {
      alert = { ...mergeAlert(held, alert, now), acknowledgedAt: held.acknowledgedAt };
    }
    this.#record(alert, held, 'received', now);
  }

  #record(
    alert: HeldAlert,
    previous: HeldAlert | undefined,
    cause: AlertChange['cause'],
    now: number,
  ) {
    this.#alerts.set(alert.fingerprint, alert);
    this.#writer.put(alert);
    if (isResolved(alert, now)) this.#expiry.delete(alert.fingerprint);
    else this.#expiry.set(alert.fingerprint, alert.endsAt);
    const change: AlertChange = { alert, previous, cause };
    for (const listener of this.#listeners) listener(change);
  }

  resolveWhere(source: string, labels: LabelSet, at: number): Promise<number> {
    return this.#updateWhere(source, labels, (a) => ({ ...a, endsAt: at, timeout: false }));
  }

  acknowledgeWhere(source: string, labels: LabelSet, at: number): Promise<number> {
    return this.#updateWhere(source, labels, (a) => ({ ...a, acknowledgedAt: at }));
  }

  async #updateWhere(
    source: string,
    labels: LabelSet,
    update: (a: HeldAlert) => HeldAlert,
  ): Promise<number> {
    const now = this.#now();
    const matches = [...this.#alerts.values()].filter(
      (a) => a.source === source && !isResolved(a, now) && includes(a.labels, labels),
    );
    for (const held of matches)
      this.#record({ ...update(held), updatedAt: now }, held, 'received', now);
    await this.#writer.commit();
    return matches.length;
  }

  #expire(fp: string): void {
    const alert = this.#alerts.get(fp);
    const now = this.#now();
    if (!alert || !isResolved(alert, now)) return;
    const change: AlertChange = { alert, previous: alert, cause: 'expired' };
    for (const listener of this.#listeners) listener(change);
  }

  async #deleteExpired(): Promise<void> {
    const cutoff = this.#now() - this.deps.settings().retention;
    try {
      await this.deps.store.db.deleteFrom('alerts').where('ends_at', '<', cutoff).execute();
      for (const [fp, alert] of this.#alerts)
        if (alert.endsAt < cutoff && !this.#writer.has(fp)) this.#alerts.delete(fp);
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'deleting old alerts failed; will retry');
    }
  }

  /** Stops the timers and commits what is waiting. */
  async close(): Promise<void> {
    this.#expiry.stop();
    clearInterval(this.#sweep);
    clearInterval(this.#retry);
    await this.#writer.close();
  }
}

function includes(labels: LabelSet, subset: LabelSet): boolean {
  for (const name in subset) if (labels[name] !== subset[name]) return false;
  return true;
}
