/**
 * Alert ingest: where external senders' alerts enter Opsdeck. One Fastify plugin per wire
 * format, each taking `IngestRouteDeps`; the composition root registers them.
 */
export type { AlertSink, ParsedBatch } from './sink.js';
export { parsePostableAlerts, parsePostableAlert, MAX_BATCH } from './postable.js';
export type { PostableOptions } from './postable.js';
export type { IngestRouteDeps } from './deps.js';
export {
  IntegrationKeys,
  type IntegrationType,
  type ResolvedIntegration,
} from './integration-keys.js';
export { withIntegrationLabels, integrationSource } from './integration-labels.js';
export { pagerDutyRoutes, PD_BODY_LIMIT } from './pagerduty/routes.js';
export { parsePdEvent, type PdEvent } from './pagerduty/event.js';
export { pdTriggerToAlert } from './pagerduty/to-alert.js';
export { alertmanagerWebhookRoutes } from './alertmanager-webhook/routes.js';
export { parseAlertmanagerWebhook } from './alertmanager-webhook/payload.js';
export { webhookRoutes } from './webhook/routes.js';
export { compileMapping, mapWebhookBody, type WebhookMapping } from './webhook/mapping.js';
