/**
 * A PagerDuty trigger as an Opsdeck alert.
 *
 * Labels (the alert's identity, what routing and grouping see):
 * - `dedup_key`: PagerDuty's identity of an alert; it is what makes a re-trigger update the
 *   same alert and what acknowledge/resolve find it by.
 * - `alertname`: `payload.class` when given (PagerDuty's "type of event", e.g. `cpu load`, which
 *   is what an alertname names), else the constant `PagerDutyEvent`, so `group_by: [alertname]`
 *   still groups sensibly. Never the summary: it often carries changing values.
 * - `severity` (critical|error|warning|info, what `severity_map` translates to P-levels),
 *   `source`, and `component`, `group`, `class` when present: the fields routes match on.
 * - the integration's `labels` and `service`, which win over the event's.
 *
 * Annotations: `summary`, and as JSON text `custom_details`, `links`, `images`; `client` and
 * `client_url`. `client_url` is also the generatorURL.
 *
 * Times: `payload.timestamp` (else now) starts the alert. PagerDuty alerts stay open until a
 * resolve event, and senders do not re-send triggers the way Prometheus re-sends, so the alert
 * gets no resolve timeout: it ends at FOREVER until resolved.
 */
import { FOREVER, type AlertInput } from '../../model/alert.js';
import type { LabelSet } from '../../model/labels.js';
import type { IntegrationConfig } from '../../../config/index.js';
import { withIntegrationLabels } from '../integration-labels.js';
import type { PdEvent } from './event.js';

/** The alertname of events without `payload.class`. */
export const DEFAULT_ALERTNAME = 'PagerDutyEvent';

/** Annotation values are capped as label values are in the Alertmanager API. */
const MAX_ANNOTATION = 16_384;

function json(value: unknown): string {
  const text = JSON.stringify(value) ?? '';
  return text.length > MAX_ANNOTATION ? `${text.slice(0, MAX_ANNOTATION - 1)}…` : text;
}

export function pdTriggerToAlert(
  event: Extract<PdEvent, { action: 'trigger' }>,
  config: IntegrationConfig,
  now: number,
): AlertInput {
  const p = event.payload;
  const labels: LabelSet = {
    alertname: p.class || DEFAULT_ALERTNAME,
    dedup_key: event.dedupKey,
    severity: p.severity,
    source: p.source,
  };
  if (p.component) labels.component = p.component;
  if (p.group) labels.group = p.group;
  if (p.class) labels.class = p.class;
  const annotations: LabelSet = { summary: p.summary };
  if (p.customDetails !== undefined && p.customDetails !== null)
    annotations.custom_details =
      typeof p.customDetails === 'string'
        ? p.customDetails.slice(0, MAX_ANNOTATION)
        : json(p.customDetails);
  if (event.links.length > 0) annotations.links = json(event.links);
  if (event.images.length > 0) annotations.images = json(event.images);
  if (event.client) annotations.client = event.client.slice(0, MAX_ANNOTATION);
  if (event.clientUrl) annotations.client_url = event.clientUrl.slice(0, MAX_ANNOTATION);
  return {
    labels: withIntegrationLabels(labels, config),
    annotations,
    startsAt: Math.min(p.timestamp ?? now, FOREVER),
    endsAt: FOREVER,
    timeout: false,
    generatorURL: event.clientUrl?.slice(0, MAX_ANNOTATION) ?? '',
  };
}
