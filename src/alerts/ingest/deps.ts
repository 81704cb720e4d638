import type { AlertSink } from './sink.js';
import type { IntegrationKeys } from './integration-keys.js';

/** What every ingest route plugin needs; the composition root passes the same object to all. */
export interface IngestRouteDeps {
  sink: AlertSink;
  keys: IntegrationKeys;
  /** Alertmanager's `resolve_timeout`: how long an alert sent without `endsAt` stays firing. */
  resolveTimeoutMs: () => number;
  /** Epoch ms; tests pin it. */
  now?: () => number;
}
