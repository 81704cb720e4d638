/**
 * Runs the scrape targets: each on a fixed-rate grid (`phase + k·every`, the phase a hash of
 * the job, so targets spread out and a restart keeps the grid), one request at a time per
 * target. A bad target (down, slow, garbage, huge) only sets its `up` to 0 and logs why once
 * per change of reason; nothing it sends can throw out of here.
 */
import { Agent } from 'undici';
import type { Logger } from '../../telemetry/logger.js';
import type { SeriesStore } from '../storage/series-store.js';
import { fetchScrape } from './fetch.js';
import type { SeriesFilter } from './filter.js';
import { TargetIngest, targetLabels, type TargetSettings } from './target.js';

/** What the status API shows per target. */
export interface TargetStatus {
  job: string;
  url: string;
  up: boolean;
  lastScrape: number | null;
  lastError: string | null;
  lastDurationMs: number | null;
  samples: number;
}

interface Running {
  settings: TargetSettings;
  ingest: TargetIngest;
  timer: NodeJS.Timeout | undefined;
  inFlight: Promise<void> | undefined;
  status: TargetStatus;
}

function phaseOf(job: string, every: number): number {
  let h = 2166136261;
  for (let i = 0; i < job.length; i++) h = Math.imul(h ^ job.charCodeAt(i), 16777619);
  return (h >>> 0) % every;
}

/** Every configured target's scrape loop; `apply` on reload, `close` at shutdown. */
export class ScrapePool {
  readonly #targets = new Map<string, Running>();
  readonly #agent = new Agent({ keepAliveTimeout: 60_000, connections: 4 });
  readonly #abort = new AbortController();
  #filter: SeriesFilter;

  constructor(
    private readonly store: SeriesStore,
    filter: SeriesFilter,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.#filter = filter;
  }

  /** Starts, changes and stops targets to match `targets`; a changed target restarts. */
  apply(targets: TargetSettings[], filter: SeriesFilter): void {
    this.#filter = filter;
    const wanted = new Map(targets.map((t) => [t.job, t]));
    for (const [job, running] of this.#targets) {
      const next = wanted.get(job);
      if (next && JSON.stringify(next) === JSON.stringify(running.settings)) {
        running.ingest.setFilter(filter);
        wanted.delete(job);
        continue;
      }
      clearTimeout(running.timer);
      running.ingest.retire(this.now());
      this.#targets.delete(job);
    }
    for (const settings of wanted.values()) this.#start(settings);
  }

  status(): TargetStatus[] {
    return [...this.#targets.values()].map((t) => ({ ...t.status }));
  }

  /** Scrapes every target once now (tests, and the first evaluation after start). */
  async scrapeAll(): Promise<void> {
    await Promise.all([...this.#targets.values()].map((t) => this.#scrape(t)));
  }

  async close(): Promise<void> {
    for (const t of this.#targets.values()) clearTimeout(t.timer);
    this.#abort.abort();
    await Promise.all([...this.#targets.values()].map((t) => t.inFlight));
    this.#targets.clear();
    await this.#agent.close();
  }

  #start(settings: TargetSettings): void {
    const running: Running = {
      settings,
      ingest: new TargetIngest(targetLabels(settings), this.store, this.#filter),
      timer: undefined,
      inFlight: undefined,
      status: {
        job: settings.job,
        url: settings.url,
        up: false,
        lastScrape: null,
        lastError: null,
        lastDurationMs: null,
        samples: 0,
      },
    };
    this.#targets.set(settings.job, running);
    this.#schedule(running);
  }

  #schedule(running: Running): void {
    const { every, job } = running.settings;
    const now = this.now();
    const phase = phaseOf(job, every);
    const next = Math.floor((now - phase) / every) * every + phase + every;
    running.timer = setTimeout(() => {
      if (this.#targets.get(job) !== running) return;
      void this.#scrape(running).finally(() => {
        if (this.#targets.get(job) === running && !this.#abort.signal.aborted)
          this.#schedule(running);
      });
    }, next - now);
    running.timer.unref?.();
  }

  #scrape(running: Running): Promise<void> {
    running.inFlight ??= this.#scrapeOnce(running).finally(() => (running.inFlight = undefined));
    return running.inFlight;
  }

  async #scrapeOnce(running: Running): Promise<void> {
    const { settings, ingest, status } = running;
    const started = this.now();
    let error: string | null = null;
    try {
      const body = await fetchScrape(settings.url, {
        timeoutMs: settings.timeout,
        limitBytes: settings.bodyLimit,
        dispatcher: this.#agent,
        signal: this.#abort.signal,
      });
      status.samples = ingest.ingest(body, started, this.now() - started);
    } catch (e) {
      error = (e as Error).message || String(e);
      ingest.fail(started, this.now() - started);
      status.samples = 0;
    }
    if (error !== status.lastError) {
      if (error)
        this.logger.warn(
          { job: settings.job, url: settings.url, reason: error },
          'scrape target is down',
        );
      else if (status.lastScrape !== null)
        this.logger.info({ job: settings.job }, 'scrape target is up again');
    }
    Object.assign(status, {
      up: error === null,
      lastError: error,
      lastScrape: started,
      lastDurationMs: this.now() - started,
    });
  }
}
