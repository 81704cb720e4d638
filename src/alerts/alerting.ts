import type { LoadedConfig, OpsConfig } from '../config/index.js';
import type { Store } from '../store/index.js';
import type { Logger } from '../telemetry/logger.js';
import type { Metrics } from '../telemetry/metrics.js';
import { DependencyTracker } from './dispatch/dependencies.js';
import { Dispatcher, type GroupNotification, type NoiseControls } from './dispatch/dispatcher.js';
import { Inhibitor } from './inhibition/index.js';
import { MaintenanceCalendar } from './maintenance/index.js';
import { AlertMetrics } from './metrics.js';
import { compileRouteTree, matchRoutes, type Route } from './routing/index.js';
import { Silences } from './silences/index.js';
import { AlertStore } from './store/alert-store.js';
import { compileTimeIntervals, mutedByTimeIntervals } from './time-intervals/index.js';

/** How often resolved alerts are dropped from the inhibition index (Alertmanager: 15 min). */
const PRUNE_MS = 60_000;

export interface AlertingDeps {
  store: Store;
  logger: Logger;
  metrics: Metrics;
  /** Delivers one group notification to its target channel (the notify domain). */
  send: (notification: GroupNotification, config: OpsConfig) => Promise<void>;
}

/** What a config compiles to for the dispatcher; rebuilt whole on reload. */
interface Compiled {
  config: OpsConfig;
  root: Route;
  inhibitor: Inhibitor;
  maintenance: MaintenanceCalendar;
  intervals: ReturnType<typeof compileTimeIntervals>;
  /** Severity ids, most severe first. */
  severityOrder: readonly string[];
}

/**
 * The alerts domain, assembled: the store every detector submits to, silences, and the
 * dispatcher with its noise controls (inhibition, time intervals, maintenance windows,
 * dependencies). `start(config)`, `apply(config)` on reload, `close()`.
 */
export class Alerting {
  readonly alerts: AlertStore;
  readonly silences: Silences;
  readonly dispatcher: Dispatcher;
  readonly dependencies = new DependencyTracker();
  readonly metrics: AlertMetrics;
  #compiled: Compiled | undefined;
  #prune: NodeJS.Timeout | undefined;

  constructor(
    private readonly deps: AlertingDeps,
    initial: LoadedConfig,
  ) {
    this.#compiled = compile(initial.config);
    this.dependencies.setGraph(initial.config.services);
    this.metrics = new AlertMetrics(
      deps.metrics.registry,
      () => this.alerts,
      () => this.dispatcher,
    );
    const m = this.metrics;
    this.alerts = new AlertStore({
      store: deps.store,
      logger: deps.logger,
      settings: () => this.#current.config.alerts,
      hooks: {
        onReceived: (source, n) => m.received.inc({ source }, n),
        onCommit: (rows, ms) => {
          m.batchSize.observe(rows);
          m.commitSeconds.observe(ms / 1000);
        },
        onError: (error) => {
          m.commitErrors.inc();
          deps.logger.warn({ err: error }, 'alert commit failed; retrying');
        },
      },
    });
    this.silences = new Silences(deps.store, {
      onError: (error, what) => deps.logger.warn({ err: error }, `silences: ${what}`),
    });
    this.dispatcher = new Dispatcher({
      match: () => {
        const root = this.#current.root;
        return (labels) => matchRoutes(root, labels);
      },
      noise: this.#noise(),
      dependencies: this.dependencies,
      severities: () => this.#current.severityOrder,
      send: async (n) => {
        try {
          await deps.send(n, this.#current.config);
          m.notifications.inc({ outcome: 'sent' });
        } catch (error) {
          m.notifications.inc({ outcome: 'failed' });
          throw error;
        }
      },
      logger: deps.logger,
    });
  }

  get #current(): Compiled {
    if (!this.#compiled) throw new Error('alerting used before it was configured');
    return this.#compiled;
  }

  #noise(): NoiseControls {
    return {
      silencedBy: (labels, now) => this.silences.mutedBy(labels, now),
      inhibitedBy: (alert, now) =>
        this.#current.inhibitor.inhibitedBy(alert.labels, alert.fingerprint, now),
      mutedBy: (alert, now) =>
        this.#current.maintenance
          .activeWindows(alert.labels.service, alert.labels, now)
          .map((id) => `maintenance:${id}`),
      routeMuted: (route, now) =>
        mutedByTimeIntervals(route, this.#current.intervals, new Date(now)),
    };
  }

  async start(): Promise<void> {
    await this.silences.start();
    await this.alerts.start();
    const now = Date.now();
    for (const alert of this.alerts.all()) {
      this.#current.inhibitor.observe(alert);
      this.dependencies.observe(alert, now);
    }
    this.alerts.onChange((change) => {
      this.#current.inhibitor.observe(change.alert);
      this.dispatcher.onAlert(change);
    });
    this.dispatcher.start(this.alerts.all());
    // Resolved sources stop inhibiting by time already; this frees their memory.
    this.#prune = setInterval(() => this.#current.inhibitor.prune(Date.now()), PRUNE_MS);
    this.#prune.unref();
  }

  /** A reloaded config: new routes, rules, windows and dependency graph; groups rebuilt. */
  apply(next: LoadedConfig): void {
    const compiled = compile(next.config);
    for (const alert of this.alerts.all()) compiled.inhibitor.observe(alert);
    this.#compiled = compiled;
    this.dependencies.setGraph(next.config.services);
    this.dispatcher.reload(this.alerts.all());
  }

  async close(): Promise<void> {
    clearInterval(this.#prune);
    this.dispatcher.close();
    await this.alerts.close();
    await this.silences.close();
  }
}

function compile(config: OpsConfig): Compiled {
  return {
    config,
    root: compileRouteTree(config.routes),
    inhibitor: new Inhibitor(config.inhibit_rules),
    maintenance: new MaintenanceCalendar(config.maintenance_windows),
    intervals: compileTimeIntervals(config.time_intervals),
    severityOrder: Object.keys(config.severities),
  };
}
