/**
 * Where the engine's samples come from, switched on reload: local scraping into the in-memory
 * store (targets restarted only when they change), or a Prometheus server.
 */
import type { Logger } from '../telemetry/logger.js';
import { LocalQuerier, type RuleQuerier } from './querier.js';
import { PrometheusQuerier } from './remote/prometheus.js';
import { storePlan, targetSettings, type RulesConfig } from './runtime.js';
import { ScrapePool, type TargetStatus } from './scrape/pool.js';
import { SeriesStore } from './storage/series-store.js';

/** The querier rules use, and the scraping behind it in local mode. */
export class SampleSource {
  #querier: RuleQuerier | undefined;
  #pool: ScrapePool | undefined;
  #store: SeriesStore | undefined;
  #remote: string | undefined;

  constructor(
    private readonly logger: Logger,
    private readonly now: () => number,
  ) {}

  get querier(): RuleQuerier | undefined {
    return this.#querier;
  }

  apply(config: RulesConfig): void {
    const remote = config.metrics.prometheus;
    if (remote) {
      const key = JSON.stringify(remote);
      if (key === this.#remote) return;
      void this.#closeAll();
      this.#remote = key;
      this.#querier = new PrometheusQuerier(remote.url, remote.timeout);
      return;
    }
    const plan = storePlan(config);
    const bounds = { capacity: plan.capacity, retentionMs: plan.retentionMs };
    if (!this.#store || !this.#pool) {
      void this.#closeAll();
      this.#store = new SeriesStore(bounds);
      this.#pool = new ScrapePool(this.#store, plan.filter, this.logger, this.now);
      this.#querier = new LocalQuerier(this.#store);
    } else this.#store.resize(bounds);
    this.#pool.apply(targetSettings(config), plan.filter);
  }

  /** Drops series past the retention (called before each evaluation round). */
  gc(now: number): void {
    this.#store?.gc(now);
  }

  targets(): TargetStatus[] {
    return this.#pool?.status() ?? [];
  }

  async #closeAll(): Promise<void> {
    const [pool, querier] = [this.#pool, this.#querier];
    this.#pool = this.#store = this.#querier = this.#remote = undefined;
    await pool?.close();
    await querier?.close();
  }

  close(): Promise<void> {
    return this.#closeAll();
  }
}
