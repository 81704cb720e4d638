/**
 * Daily uptime for status pages and the console overview, shared so both read the same cached
 * figures. Never reads raw results: closed days come from day rollups, recent hours from hour
 * and minute rollups (read incrementally, see DailyTracker), the current minutes from the
 * engine's memory. A refresh runs at most every `maxAgeMs`; callers get the last answer from
 * memory meanwhile (only the first call waits).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { addFigures, emptyFigures, liveChecks, type Figures } from './daily-sums.js';
import { DailyTracker, type Done } from './daily-tracker.js';
import { DAY_MS, HOUR_MS } from './maintenance.js';
import { MINUTE_MS } from './minute-rollups.js';
import { allProgress } from './progress.js';

export interface DailySeries {
  /** YYYY-MM-DD (UTC) of the first day. */
  from: string;
  /** Uptime ratio 0..1 per UTC day, oldest first; the last entry is today so far; null: no runs. */
  days: (number | null)[];
  /** Runs per day (up + degraded + down). */
  runs: number[];
  /** Down runs per day. */
  down: number[];
  /** Estimated minutes down per day: the down share of runs × the minutes the day covered. */
  downMinutes: (number | null)[];
}

export interface UptimeFigures {
  days: DailySeries;
  /** Average latency (ms) of answered runs per hour, the last 24 hours, oldest first. */
  latency24h: (number | null)[];
  /** Uptime over the whole window; null when nothing ran. */
  uptime: number | null;
}

/** Counts of a check's minutes still open in memory (`MinuteRollups.openCounts`). */
export type OpenMinutes = (
  checkId: number,
  from: number,
  to: number,
) => { up: number; degraded: number; down: number } | undefined;

export interface DailyUptimeOptions {
  /** Days in the series, today included (default 90). */
  days?: number;
  /** How long an answer is served before a refresh (default 30 s). */
  maxAgeMs?: number;
  now?: () => number;
}

interface Cached {
  at: number;
  figures: Map<string, UptimeFigures>;
}

const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const ratio = (f: Figures) => {
  const runs = f.up + f.degraded + f.down;
  return runs === 0 ? null : (f.up + f.degraded) / runs;
};

export class DailyUptime {
  readonly #days: number;
  readonly #maxAgeMs: number;
  readonly #now: () => number;
  readonly #services = new DailyTracker({ by: 'service' });
  #checks = new DailyTracker({ by: 'check', keys: [] });
  readonly #cache = new Map<'service' | 'check', Cached>();
  readonly #refreshing = new Map<'service' | 'check', Promise<Cached>>();
  /** Serialises refreshes: trackers are advanced by one refresh at a time. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: () => Kysely<Database>,
    private readonly open: OpenMinutes,
    opts: DailyUptimeOptions = {},
  ) {
    this.#days = opts.days ?? 90;
    this.#maxAgeMs = opts.maxAgeMs ?? 30_000;
    this.#now = opts.now ?? Date.now;
  }

  /** Per service id: daily uptime over its non-removed checks, latency per hour, window uptime. */
  byService(): Promise<Map<string, UptimeFigures>> {
    return this.#get('service', this.#services);
  }

  /** Same for single checks, keyed `service/check`; unknown keys are absent from the map. */
  async byCheck(keys: readonly string[]): Promise<Map<string, UptimeFigures>> {
    const tracked = new Set((this.#checks.grouping as { keys: readonly string[] }).keys);
    if (keys.some((k) => !tracked.has(k))) {
      // A new key: track the union from scratch (a few checks, so a full read is cheap).
      this.#checks = new DailyTracker({ by: 'check', keys: [...tracked, ...keys].sort() });
      this.#cache.delete('check');
      this.#refreshing.delete('check');
    }
    const all = await this.#get('check', this.#checks);
    const out = new Map<string, UptimeFigures>();
    for (const k of keys) {
      const f = all.get(k);
      if (f) out.set(k, f);
    }
    return out;
  }

  /**
   * Reads the rollups behind `byService` ahead of the first caller (at start, the first read
   * sums up to 90 days of day rollups: seconds for 20,000 checks) without caching an answer,
   * so the first caller still gets figures as of its own call.
   */
  prime(): Promise<void> {
    const run = this.#queue.catch(() => {}).then(() => this.#refresh('service', this.#services));
    this.#queue = run;
    return run.then(() => undefined);
  }

  /** Drops cached answers so the next call refreshes (tests; a config reload). */
  invalidate(): void {
    this.#cache.clear();
  }

  async #get(kind: 'service' | 'check', tracker: DailyTracker) {
    const cached = this.#cache.get(kind);
    const fresh = cached && this.#now() - cached.at < this.#maxAgeMs;
    let run = this.#refreshing.get(kind);
    if (!fresh && !run) {
      const started = this.#queue.catch(() => {}).then(() => this.#refresh(kind, tracker));
      this.#queue = run = started;
      this.#refreshing.set(kind, started);
      started.then(
        (c) => this.#cache.set(kind, c),
        () => {},
      );
      void started
        .finally(() => {
          if (this.#refreshing.get(kind) === started) this.#refreshing.delete(kind);
        })
        .catch(() => {});
    }
    // Serve the previous answer while a refresh runs; only the first call waits.
    if (cached) return cached.figures;
    return (await run!).figures;
  }

  async #refresh(kind: 'service' | 'check', tracker: DailyTracker): Promise<Cached> {
    const db = this.db();
    const now = this.#now();
    const today = now - (now % DAY_MS);
    const windowStart = today - (this.#days - 1) * DAY_MS;
    const hourNow = now - (now % HOUR_MS);
    const latencyFrom = hourNow - 23 * HOUR_MS;
    const p = await allProgress(db);
    const day = Math.max(p.day ?? windowStart, windowStart);
    const hour = Math.max(p.hour ?? day, day);
    const done: Done = { day, hour, minute: Math.max(p.minute ?? hour, hour) };
    await tracker.advance(db, done, windowStart, latencyFrom);
    const open = await this.#openSums(db, tracker, done.minute, now);
    const figures = new Map<string, UptimeFigures>();
    const groups = tracker.groups();
    for (const g of open.keys()) groups.add(g);
    for (const group of groups) {
      const days: DailySeries = {
        from: dateOf(windowStart),
        days: [],
        runs: [],
        down: [],
        downMinutes: [],
      };
      const total = emptyFigures();
      for (let d = windowStart; d <= today; d += DAY_MS) {
        const f = { ...tracker.day(group, d) };
        if (d === today) addFigures(f, open.get(group) ?? {});
        addFigures(total, f);
        const runs = f.up + f.degraded + f.down;
        const minutes = d === today ? (now - today) / MINUTE_MS : DAY_MS / MINUTE_MS;
        days.days.push(ratio(f));
        days.runs.push(runs);
        days.down.push(f.down);
        days.downMinutes.push(runs === 0 ? null : Math.round((f.down / runs) * minutes));
      }
      const latency24h: (number | null)[] = [];
      for (let h = latencyFrom; h <= hourNow; h += HOUR_MS) {
        const f = tracker.hour(group, h);
        const answered = f ? f.up + f.degraded : 0;
        latency24h.push(f && answered > 0 ? Math.round(f.latSumUs / answered) / 1000 : null);
      }
      figures.set(group, { days, latency24h, uptime: ratio(total) });
    }
    return { at: now, figures };
  }

  /** The engine's open minutes (after the minute progress), summed per group. */
  async #openSums(
    db: Kysely<Database>,
    tracker: DailyTracker,
    from: number,
    now: number,
  ): Promise<Map<string, Figures>> {
    const out = new Map<string, Figures>();
    const keys = tracker.grouping.by === 'check' ? new Set(tracker.grouping.keys) : undefined;
    for (const c of await liveChecks(db)) {
      if (keys && !keys.has(c.key)) continue;
      const counts = this.open(c.id, from, now + MINUTE_MS);
      if (!counts || counts.up + counts.degraded + counts.down === 0) continue;
      const group = keys ? c.key : c.service;
      let f = out.get(group);
      if (!f) out.set(group, (f = emptyFigures()));
      addFigures(f, counts);
    }
    return out;
  }
}
