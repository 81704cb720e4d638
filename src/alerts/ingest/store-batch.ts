import { labelSetError } from '../model/labels.js';
import type { ResolvedIntegration } from './integration-keys.js';
import { integrationSource, withIntegrationLabels } from './integration-labels.js';
import { invalidItems } from './reply.js';
import type { AlertSink, ParsedBatch } from './sink.js';

/**
 * Stores a parsed batch received through `integration`: its labels and service laid over each
 * alert, the valid alerts submitted (resolving once committed), then, if some items were
 * invalid, the 400 naming each thrown, so the caller answers it only after the valid ones are
 * stored. Sink errors (overload: 503) propagate unchanged.
 */
export async function storeBatch(
  sink: AlertSink,
  integration: ResolvedIntegration,
  batch: ParsedBatch,
): Promise<void> {
  const alerts = [];
  const errors = [...batch.errors];
  for (const alert of batch.alerts) {
    const labels = withIntegrationLabels(alert.labels, integration.config);
    // Only the integration's own labels can make this fail (an empty value removing the last
    // label); reported rather than stored as an alert without identity.
    const problem = labelSetError(labels);
    if (problem) errors.push(`${problem} (after applying the integration's labels)`);
    else alerts.push({ ...alert, labels });
  }
  if (alerts.length > 0) await sink.submit(alerts, integrationSource(integration));
  if (errors.length > 0) throw invalidItems({ alerts, errors });
}
