/**
 * The running domains, assembled in pipeline order and closed in reverse: notifications first
 * (pending pages resume at once), schedules, incidents (escalation timers resume), alerts,
 * then the detectors that feed them. `createOpsdeck` and the test harness both use this, so
 * tests run exactly the wiring production runs.
 */
import type { LoadedConfig } from '../config/index.js';
import { publicUrlOf } from '../config/index.js';
import { Alerting } from '../alerts/index.js';
import { escalationOf } from '../alerts/routing/index.js';
import { CheckEngine } from '../checks/index.js';
import { Incidents } from '../incidents/index.js';
import { Postmortems } from '../incidents/postmortems/index.js';
import { loadSigningKey } from '../lib/signing-key.js';
import { closeChannels, Notifier, sendGroupNotification } from '../notify/index.js';
import { OnCall } from '../oncall/index.js';
import { RuleEngine } from '../rules/index.js';
import type { Store } from '../store/index.js';
import type { Logger } from '../telemetry/logger.js';
import type { Metrics } from '../telemetry/metrics.js';
import { forwardCheckAlerts } from './check-alerts.js';
import type { LiveConfig } from './live-config.js';
import { raiseFailedNotifications } from './notification-alerts.js';
import { Instances } from './instances.js';
import { ChangeFeed } from '../lib/change-feed.js';
import { publishDetectorChanges } from './live-events.js';

export interface Domains {
  notifier: Notifier;
  oncall: OnCall;
  incidents: Incidents;
  /** Post-mortems, action items and their reminders (opened by every resolution). */
  postmortems: Postmortems;
  alerting: Alerting;
  engine: CheckEngine;
  rules: RuleEngine;
  /** The server's signing key (links and calendar URLs), read or created once at start. */
  signingKey: Buffer;
  /** Committed changes, streamed at `/api/v1/events`. */
  feed: ChangeFeed;
  /** Closes what started, in reverse order; idempotent. */
  close(): Promise<void>;
}

export interface DomainDeps {
  store: Store;
  logger: Logger;
  metrics: Metrics;
  live: LiveConfig;
  /** Called after each domain starts, for the start-up timings log. */
  lap?: (phase: string) => void;
}

/** Starts every domain on `loaded`; on failure closes what had started and rethrows. */
export async function startDomains(deps: DomainDeps, loaded: LoadedConfig): Promise<Domains> {
  const { store, logger, metrics, live } = deps;
  const lap = deps.lap ?? (() => {});
  const config = () => live.current.config;
  const closers: (() => Promise<void>)[] = [];
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      for (const c of closers.reverse()) await c();
    })());
  try {
    const instances = new Instances(store.db, logger);
    // Asked before registering: this process's own row must not count.
    const othersAlive = await instances.othersAlive();
    await instances.register();
    closers.push(() => instances.close());
    // Failed notifications become alerts; the alert store starts after the notifier.
    const late: { alerting?: Alerting } = {};
    const notifier = new Notifier({
      store,
      logger,
      metrics,
      config,
      // Rows left `sending` by a process that died are taken over now rather than after their
      // lease; with another process alive they may be its in-flight work, so they wait.
      takeOverAtStart: !othersAlive,
      onExhausted: raiseFailedNotifications(
        () => late.alerting?.alerts,
        () => config().alerts.resolve_timeout,
        logger,
      ),
    });
    closers.push(async () => {
      await notifier.close();
      await closeChannels();
    });
    await notifier.start();
    lap('notify_ms');

    const oncall = new OnCall({ store, logger }, loaded);
    closers.push(() => oncall.close());
    await oncall.start();
    lap('oncall_ms');

    const signingKey = await loadSigningKey(store.db);
    const feed = new ChangeFeed();
    const incidents = new Incidents({
      feed,
      store,
      logger,
      config,
      outbox: notifier,
      onCall: (schedule, at) => oncall.onCallAt(schedule, at),
      signingKey,
    });
    closers.push(() => incidents.close());
    await incidents.start();
    lap('incidents_ms');

    const postmortems = new Postmortems({ store, logger, config, outbox: notifier, feed });
    incidents.onResolved(postmortems.onResolved);
    closers.push(() => postmortems.close());
    await postmortems.start();

    const alerting = new Alerting(
      {
        store,
        logger,
        metrics,
        // A route's channels get the group; its escalation policy gets an incident.
        send: (n, cfg) => {
          const policy = escalationOf(n.target);
          return policy === null
            ? sendGroupNotification(notifier, n, cfg)
            : incidents.onGroup(n, policy);
        },
      },
      loaded,
    );
    late.alerting = alerting;
    closers.push(() => alerting.close());
    await alerting.start();
    lap('alerts_ms');

    const engine = new CheckEngine({ store, logger, metrics });
    closers.push(() => engine.close());
    engine.onTransition(forwardCheckAlerts(alerting.alerts, logger));
    publishDetectorChanges(feed, engine, alerting.alerts, alerting.silences);
    await engine.start(loaded);
    lap('checks_ms');

    const rules = new RuleEngine({
      sink: alerting.alerts,
      logger,
      generatorUrl: publicUrlOf(loaded.config.server),
    });
    closers.push(() => rules.close());
    rules.start(loaded.config);
    return {
      notifier,
      oncall,
      incidents,
      postmortems,
      alerting,
      engine,
      rules,
      signingKey,
      feed,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
