import type { LoadedConfig, MonitoringConfig } from '../config/index.js';
import type { Store } from '../store/index.js';
import type { Logger } from '../telemetry/logger.js';
import type { Metrics } from '../telemetry/metrics.js';
import { AppError } from '../errors.js';
import { SYSTEM_ACTOR } from '../auth/roles.js';
import { recordAudit, type AuditContext } from '../audit/index.js';
import type { CheckTransition } from './events.js';
import { HeartbeatMonitor } from './heartbeat/monitor.js';
import {
  compact,
  HistoryWriter,
  MinuteRollups,
  prune,
  replayOpenMinutes,
  STATUS_CODE,
} from './history/index.js';
import { createHttpDispatcher } from './kinds/http/index.js';
import { probers } from './kinds/index.js';
import { CheckMetrics } from './metrics.js';
import type { ActiveCheckKind, Probe, ProbeResult } from './probe.js';
import { checkDefinitions, newRuntime, type LastResult, type RuntimeCheck } from './runtime.js';
import { DueTimer } from '../lib/due-timer.js';
import { ProbeRunner } from './scheduler/runner.js';
import { emptyStreaks, nextState, type CheckState } from './state.js';
import { syncChecks, type StoredCheck } from './sync.js';

export interface CheckEngineDeps {
  store: Store;
  logger: Logger;
  metrics: Metrics;
}

/** Runs due within 10 ms share one wake-up (see DueTimer). */
const SCHEDULER_RESOLUTION_MS = 10;
const FLUSH_INTERVAL_MS = 1_000;
const FLUSH_BATCH_ROWS = 20_000;
const MAINTENANCE_EVERY_MS = 60_000;
const PRUNE_EVERY_MS = 3_600_000;
/** Latest results of a failing check keep their details (trimmed) so reasons can be studied. */
const MAX_DETAILS_CHARS = 4_000;

/**
 * Runs every configured check: one due-time heap and one timer for all of them, a runner that
 * enforces concurrency limits and timeouts, the state machine, and group-committed history.
 * Lifecycle: `start(config)` once, `apply(config)` on each reload, `close()` at shutdown
 * (stops scheduling, lets runs finish briefly, writes everything buffered).
 */
export class CheckEngine {
  readonly #checks = new Map<string, RuntimeCheck>();
  /** Heartbeat checks by ping uuid. */
  readonly #byUuid = new Map<string, RuntimeCheck>();
  #sorted: RuntimeCheck[] = [];
  readonly #timer: DueTimer<string>;
  #runner: ProbeRunner<string>;
  readonly #minutes = new MinuteRollups(15_000);
  readonly #writer: HistoryWriter;
  readonly #dispatcher = createHttpDispatcher({}, { keepAliveTimeout: 60_000, connections: 64 });
  readonly #listeners: Array<(t: CheckTransition) => void> = [];
  readonly #waiters = new Map<string, Array<(r: LastResult) => void>>();
  readonly metrics: CheckMetrics;
  readonly heartbeats: HeartbeatMonitor;
  #settings: MonitoringConfig | undefined;
  #maintenance: NodeJS.Timeout | undefined;
  #maintaining: Promise<void> | undefined;
  #lastPrune = 0;
  #closed = false;

  constructor(private readonly deps: CheckEngineDeps) {
    this.metrics = new CheckMetrics(deps.metrics.registry, () => this.#checks.values());
    deps.metrics.extraText.push(() => this.metrics.render());
    this.#timer = new DueTimer((key, due) => this.#onDue(key, due), SCHEDULER_RESOLUTION_MS);
    this.#runner = this.#newRunner(2_000, 100);
    this.#writer = new HistoryWriter(
      deps.store,
      this.#minutes,
      { intervalMs: FLUSH_INTERVAL_MS, batchRows: FLUSH_BATCH_ROWS },
      {
        onFlush: (_rows, ms) => this.metrics.flushSeconds.observe(ms / 1000),
        onError: (error) =>
          deps.logger.warn({ err: error }, 'check history not written yet; will retry'),
        onDrop: (n) => this.metrics.dropped.inc(n),
      },
    );
    this.heartbeats = new HeartbeatMonitor({
      schedule: (key, due) =>
        due === undefined ? this.#timer.delete(key) : this.#timer.set(key, due),
      record: (check, result, at) => this.#record(check, result, at),
      writer: this.#writer,
      find: (uuid) => this.#byUuid.get(uuid),
    });
  }

  #newRunner(concurrency: number, perTarget: number): ProbeRunner<string> {
    return new ProbeRunner<string>(
      { concurrency, perTarget },
      {
        onStart: (_key, lagMs) => this.metrics.lag.observe(lagMs / 1000),
        onResult: (key, result, startedAt) => {
          const check = this.#checks.get(key);
          if (check) this.#record(check, result, startedAt);
        },
      },
    );
  }

  /** Syncs the checks table, restores states and history, and starts scheduling. */
  async start(loaded: LoadedConfig): Promise<void> {
    await this.apply(loaded);
    const replayed = await replayOpenMinutes(
      this.deps.store.db,
      this.#minutes,
      this.#sorted.map((c) => c.id),
    );
    if (replayed > 0)
      this.deps.logger.info(
        { results: replayed },
        'rebuilt open minute rollups after an unclean stop',
      );
    this.#timer.start();
    this.#writer.start();
    this.#maintenance = setInterval(() => void this.maintain(), MAINTENANCE_EVERY_MS);
    this.#maintenance.unref();
  }

  /** Makes the running checks match `loaded`: unchanged checks keep their schedule and state. */
  async apply(loaded: LoadedConfig): Promise<void> {
    const settings = loaded.config.monitoring;
    if (
      !this.#settings ||
      this.#settings.concurrency !== settings.concurrency ||
      this.#settings.per_target_concurrency !== settings.per_target_concurrency
    ) {
      const old = this.#runner;
      this.#runner = this.#newRunner(settings.concurrency, settings.per_target_concurrency);
      if (this.#settings) void old.close(0);
    }
    this.#settings = settings;
    // Buffered state changes and pings first, so the rows read below are current.
    await this.#writer.flush().catch(() => {});
    const defs = checkDefinitions(loaded.config, loaded.serviceDirs);
    const stored = await syncChecks(this.deps.store.db, { actor: SYSTEM_ACTOR }, defs);
    const now = Date.now();
    const seen = new Set<string>();
    for (const def of defs) {
      seen.add(def.key);
      const row = stored.get(def.key)!;
      let check = this.#checks.get(def.key);
      if (check && check.hash === def.hash && check.kind === def.config.kind) {
        Object.assign(check, { labels: def.labels, severity: def.severity, runbook: def.runbook });
        continue;
      }
      const previous = check;
      if (previous) await this.#retire(previous);
      check = newRuntime(def, row.id);
      // A changed check keeps what it knew (same kind); a new or re-kinded one starts from storage.
      if (previous && previous.kind === def.config.kind) carryOver(previous, check);
      else restoreState(check, row);
      this.#checks.set(def.key, check);
      if (check.config.kind === 'heartbeat') {
        this.#byUuid.set(check.config.spec.uuid, check);
        this.heartbeats.add(check, row);
      } else {
        this.#compile(check);
        if (check.state !== 'paused') this.#timer.set(check.key, this.#firstDue(check, now));
      }
    }
    for (const check of [...this.#checks.values()])
      if (!seen.has(check.key)) await this.#retire(check);
    this.#sorted = [...this.#checks.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
    let maxTimeout = 0;
    for (const c of this.#sorted)
      if (c.kind !== 'heartbeat') maxTimeout = Math.max(maxTimeout, c.config.timeout);
    this.#minutes.setCloseDelay(Math.min(maxTimeout + 5_000, 300_000));
  }

  #compile(check: RuntimeCheck): void {
    const kind = check.kind as ActiveCheckKind;
    try {
      const prober = probers[kind] as { compile(spec: unknown, env: unknown): Probe };
      check.probe = prober.compile(check.config.spec, {
        baseDir: check.baseDir,
        dispatcher: this.#dispatcher,
      });
      check.compileError = null;
    } catch (error) {
      check.probe = undefined;
      check.compileError = (error as Error).message;
    }
  }

  /** The next slot of this check's grid (`phase + k·every`), so restarts keep the same spread. */
  #firstDue(check: RuntimeCheck, now: number): number {
    const every = check.config.every;
    const offset = (((check.phase - now) % every) + every) % every;
    return now + offset;
  }

  async #retire(check: RuntimeCheck): Promise<void> {
    this.#timer.delete(check.key);
    this.#runner.cancelQueued(check.key);
    this.#checks.delete(check.key);
    if (check.config.kind === 'heartbeat') {
      this.heartbeats.remove(check);
      if (this.#byUuid.get(check.config.spec.uuid) === check)
        this.#byUuid.delete(check.config.spec.uuid);
    }
    for (const resolve of this.#waiters.get(check.key) ?? []) resolve(removedResult());
    this.#waiters.delete(check.key);
    await check.probe?.close?.().catch(() => {});
  }

  #onDue(key: string, due: number): void {
    const check = this.#checks.get(key);
    if (!check || this.#closed) return;
    if (check.kind === 'heartbeat') {
      this.heartbeats.evaluate(check, Date.now());
      return;
    }
    const every = check.config.every;
    let next = due + every;
    const now = Date.now();
    if (next <= now) next += Math.ceil((now - next + 1) / every) * every;
    this.#timer.set(key, next);
    this.#submit(check, due);
  }

  #submit(check: RuntimeCheck, due: number): void {
    const probe: Probe =
      check.probe ?? failingProbe(check.compileError ?? 'check could not be compiled');
    if (!this.#runner.submit({ key: check.key, probe, timeoutMs: check.config.timeout, due }))
      this.metrics.skipped.inc();
  }

  /** Stores one outcome, moves the state machine, and tells listeners about a change. */
  #record(check: RuntimeCheck, result: ProbeResult, startedAt: number): void {
    const at = Math.max(startedAt, check.lastAt + 1);
    check.lastAt = at;
    const latencyMs = result.latencyMs ?? 0;
    // The probe's fresh result object becomes the check's last result (no copy per run).
    const last = result as LastResult;
    last.at = at;
    last.latencyMs = latencyMs;
    check.last = last;
    if (result.certExpiresAt !== undefined) check.certExpiresAt = result.certExpiresAt;
    const latencyUs = Math.round(latencyMs * 1000);
    const failed = result.status !== 'up';
    this.#writer.addResult({
      check_id: check.id,
      at,
      status: STATUS_CODE[result.status],
      latency_us: latencyUs,
      reason: failed ? result.reason : null,
      details:
        failed && result.details
          ? JSON.stringify(result.details).slice(0, MAX_DETAILS_CHARS)
          : null,
    });
    this.#minutes.add(check.id, at, result.status, latencyUs);
    this.metrics.run(check.kind, result.status);
    const to = nextState(check.state, check.streaks, result.status, check.config);
    if (to !== check.state) this.#transition(check, to, result.reason, at);
    const waiters = this.#waiters.get(check.key);
    if (waiters) {
      this.#waiters.delete(check.key);
      for (const resolve of waiters) resolve(last);
    }
  }

  #transition(check: RuntimeCheck, to: CheckState, reason: string | null, at: number): void {
    const from = check.state;
    check.state = to;
    check.stateSince = at;
    check.stateReason = reason;
    this.#writer.addEvent({ check_id: check.id, at, from_state: from, to_state: to, reason });
    this.#writer.updateCheck(check.id, {
      state: to,
      state_since: at,
      state_reason: reason,
      paused: to === 'paused' ? 1 : 0,
    });
    const event: CheckTransition = {
      checkId: check.id,
      key: check.key,
      service: check.service,
      check: check.name,
      kind: check.kind,
      from,
      to,
      reason,
      at,
      severity: check.severity,
      labels: check.labels,
      runbook: check.runbook,
    };
    if (to === 'down' || from === 'down')
      this.deps.logger.info({ check: check.key, from, to, reason }, 'check state changed');
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        this.deps.logger.error(
          { err: error, check: check.key },
          'check transition listener failed',
        );
      }
    }
  }

  /** Called with every state change, after it is queued for storage. */
  onTransition(listener: (t: CheckTransition) => void): void {
    this.#listeners.push(listener);
  }

  /** Checks in key order (the API pages over this). */
  get checks(): readonly RuntimeCheck[] {
    return this.#sorted;
  }

  get(key: string): RuntimeCheck {
    const check = this.#checks.get(key);
    if (!check) throw AppError.notFound('check', key);
    return check;
  }

  get writer(): HistoryWriter {
    return this.#writer;
  }

  get minutes(): MinuteRollups {
    return this.#minutes;
  }

  /** Runs a check now (whatever its schedule) and resolves with the result once stored. */
  async runNow(key: string): Promise<LastResult> {
    const check = this.get(key);
    if (check.kind === 'heartbeat')
      throw new AppError(
        'conflict',
        `${key} is a heartbeat: it runs when its job pings /ping/<uuid>`,
      );
    const result = new Promise<LastResult>((resolve) => {
      const list = this.#waiters.get(key);
      if (list) list.push(resolve);
      else this.#waiters.set(key, [resolve]);
    });
    this.#submit(check, Date.now());
    const last = await result;
    await this.#writer.commit();
    return last;
  }

  /** Stops running a check until resumed; the state change is audited and committed. */
  async pause(key: string, ctx: AuditContext): Promise<RuntimeCheck> {
    const check = this.get(key);
    if (check.state === 'paused') {
      await recordAudit(this.deps.store.db, ctx, 'check.pause', key, { changed: false });
      return check;
    }
    this.#timer.delete(key);
    this.#runner.cancelQueued(key);
    if (check.kind === 'heartbeat') this.heartbeats.pause(check);
    this.#transition(check, 'paused', `paused by ${ctx.actor.name}`, Date.now());
    await this.#commitAudited(ctx, 'check.pause', key);
    return check;
  }

  /** Resumes a paused check from `unknown`; active checks run at once. */
  async resume(key: string, ctx: AuditContext): Promise<RuntimeCheck> {
    const check = this.get(key);
    if (check.state !== 'paused') {
      await recordAudit(this.deps.store.db, ctx, 'check.resume', key, { changed: false });
      return check;
    }
    check.streaks = emptyStreaks();
    this.#transition(check, 'unknown', `resumed by ${ctx.actor.name}`, Date.now());
    const now = Date.now();
    if (check.kind === 'heartbeat') this.heartbeats.resume(check, now);
    else this.#timer.set(key, now);
    await this.#commitAudited(ctx, 'check.resume', key);
    return check;
  }

  /** Commits the buffered state change together with its audit row (one transaction). */
  async #commitAudited(ctx: AuditContext, action: string, key: string): Promise<void> {
    this.#writer.addTask((trx) => recordAudit(trx, ctx, action, key, { changed: true }));
    await this.#writer.commit();
  }

  /** Hour/day compaction and retention; runs every minute, never two at once. */
  maintain(now = Date.now()): Promise<void> {
    this.#maintaining ??= (async () => {
      try {
        await compact(this.deps.store.db, 'hour', now);
        await compact(this.deps.store.db, 'day', now);
        if (now - this.#lastPrune >= PRUNE_EVERY_MS && this.#settings) {
          this.#lastPrune = now;
          await prune(this.deps.store.db, this.#settings.retention, now);
        }
      } catch (error) {
        this.deps.logger.warn({ err: error }, 'check history maintenance failed; will retry');
      } finally {
        this.#maintaining = undefined;
      }
    })();
    return this.#maintaining;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#timer.stop();
    clearInterval(this.#maintenance);
    await this.#runner.close();
    await this.#maintaining;
    try {
      await this.#writer.close();
    } catch (error) {
      this.deps.logger.error(
        { err: error, pending: this.#writer.pending },
        'could not write the last check results',
      );
    }
    for (const check of this.#checks.values()) await check.probe?.close?.().catch(() => {});
    await this.#dispatcher.close().catch(() => {});
  }
}

function restoreState(check: RuntimeCheck, row: StoredCheck): void {
  check.state = (row.paused ? 'paused' : row.state) as CheckState;
  check.stateSince = row.state_since;
  check.stateReason = row.state_reason;
}

function carryOver(from: RuntimeCheck, to: RuntimeCheck): void {
  to.state = from.state;
  to.stateSince = from.stateSince;
  to.stateReason = from.stateReason;
  to.last = from.last;
  to.lastAt = from.lastAt;
  to.certExpiresAt = from.certExpiresAt;
}

function failingProbe(reason: string): Probe {
  return { target: null, run: () => Promise.resolve({ status: 'down', reason }) };
}

function removedResult(): LastResult {
  return {
    status: 'down',
    reason: 'check was removed from the config',
    at: Date.now(),
    latencyMs: 0,
  };
}
