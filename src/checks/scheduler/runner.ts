import type { Probe, ProbeResult } from '../probe.js';
import { DueTimer } from '../../lib/due-timer.js';

export interface RunRequest<K> {
  key: K;
  probe: Probe;
  timeoutMs: number;
  /** When the run was due (epoch ms): lag is measured against it. */
  due: number;
}

export interface RunnerHooks<K> {
  /** A run begins now; `lagMs` is how late against its due time. */
  onStart?(key: K, lagMs: number): void;
  /** Exactly once per run: the probe's result, or a timeout at the deadline. */
  onResult(key: K, result: ProbeResult, startedAt: number): void;
}

interface Active<K> {
  req: RunRequest<K>;
  controller: AbortController;
  settled: boolean;
}

function formatTimeout(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/**
 * Runs probes under two limits (all runs, and runs per target), enforces timeouts with one
 * shared deadline timer, and never runs a key twice at once: a submit for a key still running
 * is refused (the caller counts it as skipped).
 */
export class ProbeRunner<K> {
  readonly #waiting: RunRequest<K>[] = [];
  #waitHead = 0;
  readonly #blocked = new Map<string, RunRequest<K>[]>();
  readonly #perTarget = new Map<string, number>();
  readonly #active = new Map<K, Active<K>>();
  readonly #queuedKeys = new Set<K>();
  readonly #deadlines: DueTimer<K>;
  #inFlight = 0;
  #closed = false;
  readonly #idle: Array<() => void> = [];

  constructor(
    private readonly limits: { concurrency: number; perTarget: number },
    private readonly hooks: RunnerHooks<K>,
  ) {
    // Timeouts are seconds long: firing up to 50 ms late saves a timer per run.
    this.#deadlines = new DueTimer((key) => this.#timeout(key), 50);
    this.#deadlines.start();
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  get queued(): number {
    let blocked = 0;
    for (const list of this.#blocked.values()) blocked += list.length;
    return this.#waiting.length - this.#waitHead + blocked;
  }

  isBusy(key: K): boolean {
    return this.#active.has(key) || this.#queuedKeys.has(key);
  }

  /** Queues a run; false (and nothing queued) if this key is already queued or running, or closed. */
  submit(req: RunRequest<K>): boolean {
    if (this.#closed || this.isBusy(req.key)) return false;
    if (this.#inFlight < this.limits.concurrency && this.#targetFree(req.probe.target)) {
      this.#start(req);
    } else {
      this.#waiting.push(req);
      this.#queuedKeys.add(req.key);
    }
    return true;
  }

  #targetFree(target: string | null): boolean {
    return target === null || (this.#perTarget.get(target) ?? 0) < this.limits.perTarget;
  }

  #start(req: RunRequest<K>): void {
    this.#queuedKeys.delete(req.key);
    const startedAt = Date.now();
    const controller = new AbortController();
    const active: Active<K> = { req, controller, settled: false };
    this.#active.set(req.key, active);
    this.#inFlight++;
    const target = req.probe.target;
    if (target !== null) this.#perTarget.set(target, (this.#perTarget.get(target) ?? 0) + 1);
    this.hooks.onStart?.(req.key, Math.max(0, startedAt - req.due));
    this.#deadlines.set(req.key, startedAt + req.timeoutMs);
    const t0 = performance.now();
    let promise: Promise<ProbeResult>;
    try {
      promise = req.probe.run({ signal: controller.signal, timeoutMs: req.timeoutMs });
    } catch (error) {
      promise = Promise.reject(error as Error);
    }
    promise.then(
      (result) => {
        if (result.latencyMs === undefined) result.latencyMs = performance.now() - t0;
        this.#settle(active, result, startedAt);
      },
      (error: unknown) =>
        this.#settle(
          active,
          {
            status: 'down',
            reason: `probe failed: ${(error as Error)?.message ?? String(error)}`,
            latencyMs: performance.now() - t0,
          },
          startedAt,
        ),
    );
  }

  #timeout(key: K): void {
    const active = this.#active.get(key);
    if (!active || active.settled) return;
    active.controller.abort();
    this.#settle(
      active,
      {
        status: 'down',
        reason: `timeout after ${formatTimeout(active.req.timeoutMs)}`,
        latencyMs: active.req.timeoutMs,
      },
      Date.now() - active.req.timeoutMs,
    );
  }

  #settle(active: Active<K>, result: ProbeResult, startedAt: number): void {
    if (active.settled) return;
    active.settled = true;
    const { key, probe } = active.req;
    this.#deadlines.delete(key);
    this.#active.delete(key);
    this.#inFlight--;
    const target = probe.target;
    if (target !== null) {
      const n = (this.#perTarget.get(target) ?? 1) - 1;
      if (n === 0) this.#perTarget.delete(target);
      else this.#perTarget.set(target, n);
    }
    if (!this.#closed) this.hooks.onResult(key, result, startedAt);
    this.#drain(target);
    if (this.#inFlight === 0) for (const resolve of this.#idle.splice(0)) resolve();
  }

  /** Starts waiting runs while there is room; runs blocked on a busy target go first. */
  #drain(freedTarget: string | null): void {
    if (this.#closed) return;
    if (freedTarget !== null) {
      const list = this.#blocked.get(freedTarget);
      if (list && this.#inFlight < this.limits.concurrency) {
        const req = list.shift()!;
        if (list.length === 0) this.#blocked.delete(freedTarget);
        this.#start(req);
      }
    }
    while (this.#inFlight < this.limits.concurrency && this.#waitHead < this.#waiting.length) {
      const req = this.#waiting[this.#waitHead++]!;
      if (this.#targetFree(req.probe.target)) this.#start(req);
      else {
        const target = req.probe.target!;
        const list = this.#blocked.get(target);
        if (list) list.push(req);
        else this.#blocked.set(target, [req]);
      }
    }
    if (this.#waitHead > 1024 && this.#waitHead * 2 > this.#waiting.length) {
      this.#waiting.splice(0, this.#waitHead);
      this.#waitHead = 0;
    }
  }

  /** Drops queued runs of `key` (the check was removed or paused); a running one finishes. */
  cancelQueued(key: K): void {
    if (!this.#queuedKeys.delete(key)) return;
    const kept = this.#waiting.slice(this.#waitHead).filter((r) => r.key !== key);
    this.#waiting.length = 0;
    this.#waiting.push(...kept);
    this.#waitHead = 0;
    for (const [target, list] of this.#blocked) {
      const rest = list.filter((r) => r.key !== key);
      if (rest.length === 0) this.#blocked.delete(target);
      else this.#blocked.set(target, rest);
    }
  }

  /** Stops starting runs, aborts those in flight and waits (bounded) for them to settle. */
  async close(graceMs = 2_000): Promise<void> {
    this.#closed = true;
    this.#waiting.length = 0;
    this.#waitHead = 0;
    this.#blocked.clear();
    this.#queuedKeys.clear();
    for (const active of this.#active.values()) active.controller.abort();
    if (this.#inFlight > 0) {
      await Promise.race([
        new Promise<void>((resolve) => this.#idle.push(resolve)),
        new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref()),
      ]);
    }
    this.#deadlines.stop();
  }
}
