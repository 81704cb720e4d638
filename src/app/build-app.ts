import { publicUrlOf } from '../config/index.js';
import type { Store } from '../store/index.js';
import type { Logger } from '../telemetry/logger.js';
import type { Metrics } from '../telemetry/metrics.js';
import { healthRoutes, type ReadinessReport } from '../telemetry/health-routes.js';
import { createHttpServer, type HttpServer } from '../http/server.js';
import { eventRoutes } from '../http/events-route.js';
import type { ChangeFeed } from '../lib/change-feed.js';
import { registerOpenApi } from '../http/openapi.js';
import {
  installAuthGuard,
  passwordRoutes,
  sessionRoutes,
  SessionVerifier,
  tokenRoutes,
  TokenVerifier,
} from '../auth/index.js';
import { consoleRoutes } from '../http/console.js';
import { auditRoutes } from '../audit/index.js';
import { statusFastPath, statusPageRoutes, statusPages } from '../statuspage/index.js';
import { ServiceCatalog, serviceRoutes } from '../services/index.js';
import {
  checkRoutes,
  DailyUptime,
  overviewRoutes,
  pingRoutes,
  type CheckEngine,
} from '../checks/index.js';
import {
  alertmanagerWebhookRoutes,
  alertV1Routes,
  amAlertRoutes,
  IntegrationKeys,
  pagerDutyRoutes,
  silenceRoutes,
  webhookRoutes,
  type Alerting,
} from '../alerts/index.js';
import { integrationSender } from '../alerts/api/am-sender-auth.js';
import { amStatusRoutes } from '../alerts/api/am-status-routes.js';
import { alertmanagerConfigYaml } from '../alerts/api/am-config.js';
import { ruleRoutes, type RuleEngine } from '../rules/index.js';
import { icalRoutes, oncallRoutes, type OnCall } from '../oncall/index.js';
import { notifyRoutes, type Notifier } from '../notify/index.js';
import {
  actionRoutes,
  incidentRoutes,
  incidentVerbRoutes,
  type Incidents,
} from '../incidents/index.js';
import { reportRoutes } from '../incidents/reports/index.js';
import {
  actionItemRoutes,
  postmortemRoutes,
  type Postmortems,
} from '../incidents/postmortems/index.js';
import type { LiveConfig } from './live-config.js';
import { reloadRoutes } from './reload-routes.js';
import { resolveRemovedChecks } from './check-alerts.js';

export interface AppDeps {
  live: LiveConfig;
  store: Store;
  logger: Logger;
  metrics: Metrics;
  /** Started (or not) by the caller; the app only serves it and feeds it config changes. */
  engine: CheckEngine;
  /** Started by the caller, like the engine. */
  alerting: Alerting;
  /** Metric rules; started by the caller. */
  rules: RuleEngine;
  /** On-call schedules and overrides; started by the caller. */
  oncall: OnCall;
  /** The notification dispatcher; started by the caller. */
  notifier: Notifier;
  /** Incidents and their escalation; started by the caller. */
  incidents: Incidents;
  /** Post-mortems, action items and their reminders; started by the caller. */
  postmortems: Postmortems;
  /** The server's signing key (`loadSigningKey`). */
  signingKey: Buffer;
  /** Committed changes, streamed at `/api/v1/events`. */
  feed: ChangeFeed;
}

/** Storage must answer within this time for /readyz to say ready. */
const READINESS_TIMEOUT_MS = 1500;

async function readiness(deps: AppDeps): Promise<ReadinessReport> {
  // A LiveConfig always holds a validated config: the app is not built without one, and a
  // failed reload keeps the running config. So only storage can make Opsdeck not ready; the
  // config entry is there so operators see both dependencies named.
  const checks: Record<string, string> = { config: 'ok', storage: 'ok' };
  try {
    await deps.store.ping(READINESS_TIMEOUT_MS);
  } catch (error) {
    checks.storage = (error as Error).message;
  }
  return { ready: Object.values(checks).every((v) => v === 'ok'), checks };
}

/**
 * Builds the HTTP application without listening: tests drive it with `app.inject()`, and
 * `startOpsdeck` listens on it. Every domain's routes are wired here and nowhere else.
 */
export async function buildApp(deps: AppDeps): Promise<HttpServer> {
  const app = await createHttpServer({
    logger: deps.logger,
    metrics: deps.metrics,
    bodyLimit: deps.live.current.config.server.body_limit,
  });
  const db = () => deps.store.db;
  const verifier = new TokenVerifier(db);
  const sessions = new SessionVerifier(db);
  const people = (id: string) => deps.live.current.config.people[id];
  const catalog = new ServiceCatalog();
  await catalog.refresh(deps.store.db);
  deps.live.onChange(() => catalog.refresh(deps.store.db));
  deps.live.onChange((next) => deps.engine.apply(next));
  deps.live.onChange((next) => deps.alerting.apply(next));
  let checksFrom = deps.live.current.config;
  deps.live.onChange(async (next) => {
    await resolveRemovedChecks(deps.alerting.alerts, checksFrom, next.config, Date.now());
    checksFrom = next.config;
  });
  deps.live.onChange((next) => deps.rules.apply(next.config));
  deps.live.onChange((next) => deps.oncall.apply(next));
  installAuthGuard(app, verifier, sessions);
  await registerOpenApi(app);
  await app.register(healthRoutes, { metrics: deps.metrics, readiness: () => readiness(deps) });
  await app.register(reloadRoutes, { live: deps.live });
  await app.register(tokenRoutes, { db, verifier });
  await app.register(sessionRoutes, { db, sessions, people });
  await app.register(passwordRoutes, { db, sessions, people });
  await app.register(auditRoutes, { db });
  await app.register(serviceRoutes, { catalog });
  const config = () => deps.live.current.config;
  await app.register(checkRoutes, {
    engine: deps.engine,
    db,
    publicUrl: () => publicUrlOf(config().server),
  });
  // One cache of daily uptime for the console overview and the status pages.
  const daily = new DailyUptime(db, (id, from, to) => deps.engine.minutes.openCounts(id, from, to));
  // The first read sums 90 days of day rollups (1.8 million rows for 20,000 checks: 1–2 s on
  // SQLite); do it now, so the first person to sign in or open a status page does not wait.
  daily.prime().catch((err: unknown) => deps.logger.warn({ err }, 'daily uptime not read'));
  await app.register(overviewRoutes, {
    engine: deps.engine,
    daily,
    services: () =>
      Object.entries(config().services).map(([id, s]) => ({
        id,
        name: s.name ?? id,
        team: s.team ?? null,
      })),
  });
  await registerAlertRoutes(app, deps);
  const { signingKey } = deps;
  await app.register(oncallRoutes, {
    oncall: deps.oncall,
    publicUrl: () => publicUrlOf(config().server),
    signingKey,
  });
  await app.register(icalRoutes, { oncall: deps.oncall, signingKey });
  await app.register(notifyRoutes, { notifier: deps.notifier, store: deps.store, config });
  await app.register(incidentRoutes, { incidents: deps.incidents, store: deps.store, config });
  await app.register(incidentVerbRoutes, { incidents: deps.incidents, store: deps.store });
  await app.register(postmortemRoutes, { postmortems: deps.postmortems });
  await app.register(actionItemRoutes, { postmortems: deps.postmortems });
  await app.register(reportRoutes, { store: deps.store, config });
  await app.register(eventRoutes, { feed: deps.feed });
  await app.register(actionRoutes, { incidents: deps.incidents, store: deps.store, signingKey });
  const status = statusPages({
    db,
    config,
    publicUrl: () => publicUrlOf(config().server),
    engine: deps.engine,
    daily,
    feed: deps.feed,
    signingKey,
    onError: (err, slug) =>
      deps.logger.warn({ err, slug }, 'status page not rebuilt; serving the last one'),
  });
  app.addHook('onClose', async () => status.close());
  await app.register(statusPageRoutes, status);
  app.fastPaths.push(
    statusFastPath(status.pages, (route, code, seconds) =>
      deps.metrics.httpRequestDuration.observe(
        { method: 'GET', route, status_code: String(code) },
        seconds,
      ),
    ),
  );
  await app.register(pingRoutes, {
    heartbeats: deps.engine.heartbeats,
    bodyLimit: () => config().monitoring.ping_body_limit,
  });
  await app.register(consoleRoutes);
  await app.ready();
  return app;
}

const STARTED_AT = Date.now();

/** The alerts domain's routes: Alertmanager API v2, ingest integrations, API v1, silences. */
async function registerAlertRoutes(app: HttpServer, deps: AppDeps) {
  const { alerting } = deps;
  const config = () => deps.live.current.config;
  const keys = new IntegrationKeys(() => config().integrations);
  const resolveTimeoutMs = () => config().alerts.resolve_timeout;
  const ingest = { sink: alerting.alerts, keys, resolveTimeoutMs };
  await app.register(amAlertRoutes, {
    alerts: alerting.alerts,
    sink: alerting.alerts,
    status: alerting.dispatcher,
    resolveTimeoutMs,
    integrationSender: integrationSender(keys),
  });
  await app.register(amStatusRoutes, {
    originalConfig: () => alertmanagerConfigYaml(config()),
    startedAt: STARTED_AT,
  });
  await app.register(silenceRoutes, { silences: alerting.silences });
  await app.register(alertV1Routes, { alerts: alerting.alerts, dispatcher: alerting.dispatcher });
  await app.register(pagerDutyRoutes, ingest);
  await app.register(alertmanagerWebhookRoutes, ingest);
  await app.register(webhookRoutes, ingest);
  await app.register(ruleRoutes, { engine: deps.rules });
}
