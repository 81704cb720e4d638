import type { Logger } from '../telemetry/logger.js';
import type { Metrics } from '../telemetry/metrics.js';
import type { Store } from '../store/index.js';
import { formatIssue, loadConfig, type ConfigIssue, type LoadedConfig } from '../config/index.js';
import { recordAudit, type AuditContext } from '../audit/index.js';
import { syncServices, type SyncResult } from '../services/index.js';
import { isAppError } from '../errors.js';

export interface ReloadOutcome {
  changed: boolean;
  hash: string;
  services: { added: number; updated: number; removed: number };
}

type Listener = (config: LoadedConfig) => void | Promise<void>;

/**
 * The running configuration. A reload validates the whole new config first; only a valid
 * one replaces the old, so a typo at 3 a.m. never takes monitoring down. Reloads run one
 * at a time.
 */
export class LiveConfig {
  #current: LoadedConfig;
  #queue: Promise<unknown> = Promise.resolve();
  readonly #listeners: Listener[] = [];

  constructor(
    readonly path: string,
    initial: LoadedConfig,
    private readonly deps: { store: Store; metrics: Metrics; logger: Logger },
  ) {
    this.#current = initial;
    deps.metrics.configReloadSuccess.set(1);
    deps.metrics.configReloadTimestamp.set(Date.now() / 1000);
  }

  get current(): LoadedConfig {
    return this.#current;
  }

  /** Called after each successful change, in registration order. */
  onChange(listener: Listener): void {
    this.#listeners.push(listener);
  }

  reload(ctx: AuditContext): Promise<ReloadOutcome> {
    const run = this.#queue.then(() => this.#reload(ctx));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #reload(ctx: AuditContext): Promise<ReloadOutcome> {
    const { metrics, logger, store } = this.deps;
    let next: LoadedConfig;
    try {
      next = await loadConfig(this.path);
    } catch (error) {
      metrics.configReloadSuccess.set(0);
      const issues = isAppError(error) ? ((error.details as ConfigIssue[] | undefined) ?? []) : [];
      logger.error(
        { errors: issues.map(formatIssue) },
        'config reload failed; keeping the running config',
      );
      throw error;
    }
    const changed = next.hash !== this.#current.hash;
    let sync: SyncResult = { added: [], updated: [], removed: [] };
    if (changed) {
      sync = await syncServices(store.db, ctx, next.config.services);
      this.#current = next;
      for (const listener of this.#listeners) await listener(next);
    }
    const services = {
      added: sync.added.length,
      updated: sync.updated.length,
      removed: sync.removed.length,
    };
    await recordAudit(store.db, ctx, 'config.reload', this.path, {
      changed,
      hash: next.hash,
      ...services,
    });
    metrics.configReloadSuccess.set(1);
    metrics.configReloadTimestamp.set(Date.now() / 1000);
    logger.info(
      { changed, ...services },
      changed ? 'config reloaded' : 'config reloaded (unchanged)',
    );
    return { changed, hash: next.hash, services };
  }
}
