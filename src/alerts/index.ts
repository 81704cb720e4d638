/**
 * Alerts: one shape (Alertmanager's) for every detector; ingest, storage with group commit,
 * routing, grouping, silences, inhibition, time intervals, maintenance windows and
 * dependencies. `Alerting` assembles the domain; the composition root wires its routes.
 */
export { Alerting, type AlertingDeps } from './alerting.js';
export { FOREVER, type Alert, type AlertInput } from './model/alert.js';
export type { LabelSet } from './model/labels.js';
export { fingerprint } from './model/fingerprint.js';
export type { HeldAlert } from './store/rows.js';
export type { AlertStore, AlertChange } from './store/alert-store.js';
export type { AlertSink } from './ingest/sink.js';
export type { GroupNotification, Dispatcher } from './dispatch/dispatcher.js';
export type { AlertStatus } from './status.js';
export { amAlertRoutes, type Sender } from './api/am-alerts-routes.js';
export { alertV1Routes } from './api/v1-routes.js';
export { silenceRoutes } from './silences/index.js';
export {
  IntegrationKeys,
  pagerDutyRoutes,
  alertmanagerWebhookRoutes,
  webhookRoutes,
} from './ingest/index.js';
