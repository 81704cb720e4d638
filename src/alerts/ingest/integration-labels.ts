/** What every alert received through an integration key gets from that integration's config. */
import type { IntegrationConfig } from '../../config/index.js';
import { normalizeLabels, type LabelSet } from '../model/labels.js';
import type { ResolvedIntegration } from './integration-keys.js';

/**
 * `labels` with the integration's configured labels and `service` laid over them. The
 * operator's values win over the sender's: they decide routing, and a sender must not be able
 * to route its alerts elsewhere (to another service's escalation) by sending a label.
 */
export function withIntegrationLabels(labels: LabelSet, config: IntegrationConfig): LabelSet {
  const merged: LabelSet = { ...labels, ...config.labels };
  if (config.service !== undefined) merged.service = config.service;
  return normalizeLabels(merged);
}

/** The alert source recorded for an integration (`Alert.source`). */
export function integrationSource(integration: ResolvedIntegration): string {
  return `integration:${integration.id}`;
}
