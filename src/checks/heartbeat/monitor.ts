import { isoTime } from '../../lib/time.js';
import type { CheckSpec } from '../../config/index.js';
import type { HistoryWriter } from '../history/index.js';
import type { ProbeResult } from '../probe.js';
import type { RuntimeCheck } from '../runtime.js';
import type { StoredCheck } from '../sync.js';
import { expectationOf, type Expectation } from './expectation.js';

/** What a job reported: healthchecks.io's `/ping/<uuid>[/start|/fail|/log|/<exit status>]`. */
export type PingEvent = 'success' | 'start' | 'fail' | 'log' | 'exit';

export interface Ping {
  event: PingEvent;
  exitStatus: number | null;
  rid: string | null;
  method: string;
  remoteAddr: string | null;
  userAgent: string | null;
  body: string | null;
}

interface Tracked {
  expect: Expectation;
  grace: number;
  lastPingAt: number | null;
  /** Expected time of the last missed ping: the next miss is counted from there. */
  lastMiss: number | null;
  /** Runs started and not finished, by run id ('' when the job sends none). */
  openRuns: Map<string, number>;
  /** Time of the last stored ping row: rows of one check get strictly increasing times. */
  lastRowAt: number;
}

export interface HeartbeatDeps {
  schedule(key: string, due: number | undefined): void;
  record(check: RuntimeCheck, result: ProbeResult, at: number): void;
  writer: HistoryWriter;
  find(uuid: string): RuntimeCheck | undefined;
}

function formatGrace(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${ms / 1000}s`;
}

/**
 * Heartbeat checks: jobs report in, and the engine's timer wakes this monitor at each
 * deadline. Late (no ping by the expected time + grace) is a down result; so is a run that
 * started and did not finish within the grace. Like healthchecks.io, a check that has never
 * been pinged waits for its first ping before it can be late.
 */
export class HeartbeatMonitor {
  readonly #tracked = new Map<RuntimeCheck, Tracked>();

  constructor(private readonly deps: HeartbeatDeps) {}

  add(check: RuntimeCheck, row: StoredCheck): void {
    const spec = check.config.spec as CheckSpec<'heartbeat'>;
    const openRuns = new Map<string, number>(
      Object.entries(row.open_runs ? (JSON.parse(row.open_runs) as Record<string, number>) : {}),
    );
    this.#tracked.set(check, {
      expect: expectationOf(spec),
      grace: spec.grace,
      lastPingAt: row.last_ping_at,
      lastMiss: null,
      openRuns,
      lastRowAt: 0,
    });
    this.#reschedule(check);
  }

  remove(check: RuntimeCheck): void {
    this.#tracked.delete(check);
    this.deps.schedule(check.key, undefined);
  }

  pause(check: RuntimeCheck): void {
    this.deps.schedule(check.key, undefined);
  }

  resume(check: RuntimeCheck, now: number): void {
    const t = this.#tracked.get(check);
    if (t && t.lastPingAt !== null) t.lastMiss = Math.max(t.lastPingAt, now);
    this.#reschedule(check);
  }

  /** Details for the API: last ping, next deadline, open runs. */
  status(check: RuntimeCheck): {
    last_ping_at: number | null;
    next_deadline: number | null;
    running: number;
  } {
    const t = this.#tracked.get(check);
    if (!t) return { last_ping_at: null, next_deadline: null, running: 0 };
    return {
      last_ping_at: t.lastPingAt,
      next_deadline: this.#lateAt(t) ?? null,
      running: t.openRuns.size,
    };
  }

  #lateAt(t: Tracked): number | undefined {
    const anchor = Math.max(t.lastPingAt ?? -Infinity, t.lastMiss ?? -Infinity);
    return anchor === -Infinity ? undefined : t.expect(anchor) + t.grace;
  }

  #reschedule(check: RuntimeCheck): void {
    const t = this.#tracked.get(check);
    if (!t || check.state === 'paused') return this.deps.schedule(check.key, undefined);
    let due = this.#lateAt(t) ?? Infinity;
    for (const started of t.openRuns.values()) due = Math.min(due, started + t.grace);
    this.deps.schedule(check.key, Number.isFinite(due) ? due : undefined);
  }

  /** At a deadline: reports overdue runs and a missed ping, then waits for the next deadline. */
  evaluate(check: RuntimeCheck, now: number): void {
    const t = this.#tracked.get(check);
    if (!t || check.state === 'paused') return;
    let runsChanged = false;
    for (const [rid, started] of t.openRuns) {
      if (started + t.grace > now) continue;
      t.openRuns.delete(rid);
      runsChanged = true;
      const which = rid ? `run ${rid}` : 'run';
      this.deps.record(
        check,
        {
          status: 'down',
          reason: `${which} started at ${isoTime(started)} did not finish within ${formatGrace(t.grace)}`,
          latencyMs: now - started,
          details: { rid: rid || null, started_at: isoTime(started) },
        },
        now,
      );
    }
    const lateAt = this.#lateAt(t);
    if (lateAt !== undefined && lateAt <= now) {
      const expected = lateAt - t.grace;
      t.lastMiss = expected;
      const since = t.lastPingAt === null ? 'no ping yet' : `last ping ${isoTime(t.lastPingAt)}`;
      this.deps.record(
        check,
        {
          status: 'down',
          reason: `late: ${since}; expected by ${isoTime(expected)} (+${formatGrace(t.grace)} grace)`,
          latencyMs: 0,
          details: {
            expected_at: isoTime(expected),
            last_ping_at: t.lastPingAt === null ? null : isoTime(t.lastPingAt),
          },
        },
        now,
      );
    }
    if (runsChanged)
      this.deps.writer.updateCheck(check.id, { open_runs: serializeRuns(t.openRuns) });
    this.#reschedule(check);
  }

  /**
   * Records a ping for the check with this uuid and resolves once it is committed (the HTTP
   * answer waits for that). Returns false for an unknown uuid.
   */
  async ping(uuid: string, ping: Ping, now = Date.now()): Promise<boolean> {
    const check = this.deps.find(uuid);
    const t = check && this.#tracked.get(check);
    if (!check || !t) return false;
    const rid = ping.rid ?? '';
    let durationMs: number | null = null;
    if (ping.event === 'start') {
      t.openRuns.set(rid, now);
    } else if (ping.event !== 'log') {
      const started = t.openRuns.get(rid);
      if (started !== undefined) {
        durationMs = now - started;
        t.openRuns.delete(rid);
      }
      t.lastPingAt = now;
      t.lastMiss = null;
      const failed = ping.event === 'fail' || (ping.event === 'exit' && ping.exitStatus !== 0);
      const reason = !failed
        ? null
        : ping.event === 'fail'
          ? 'job reported failure'
          : `job exited with status ${ping.exitStatus}`;
      this.deps.record(
        check,
        {
          status: failed ? 'down' : 'up',
          reason,
          latencyMs: durationMs ?? 0,
          details: { rid: ping.rid, duration_ms: durationMs, exit_status: ping.exitStatus },
        },
        now,
      );
      this.deps.writer.updateCheck(check.id, { last_ping_at: now });
    }
    t.lastRowAt = Math.max(now, t.lastRowAt + 1);
    this.deps.writer.addPing({
      check_id: check.id,
      at: t.lastRowAt,
      event: ping.event,
      exit_status: ping.exitStatus,
      rid: ping.rid,
      duration_ms: durationMs,
      method: ping.method,
      remote_addr: ping.remoteAddr,
      user_agent: ping.userAgent,
      body: ping.body,
    });
    if (ping.event !== 'log')
      this.deps.writer.updateCheck(check.id, { open_runs: serializeRuns(t.openRuns) });
    this.#reschedule(check);
    await this.deps.writer.commit();
    return true;
  }
}

function serializeRuns(runs: Map<string, number>): string | null {
  return runs.size === 0 ? null : JSON.stringify(Object.fromEntries(runs));
}
