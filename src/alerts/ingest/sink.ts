import type { AlertInput } from '../model/alert.js';

/**
 * Where every detector and ingest endpoint hands its alerts. `submit` resolves only once the
 * alerts are committed to storage (group commit: concurrent calls share one transaction), and
 * rejects with AppError('overloaded') (HTTP 503) when too much is already waiting, so senders
 * retry rather than lose data.
 */
export interface AlertSink {
  submit(alerts: readonly AlertInput[], source: string): Promise<void>;
}

/** The outcome of parsing a batch: what can be stored, and one message per rejected item. */
export interface ParsedBatch {
  alerts: AlertInput[];
  /** e.g. `alerts[3].labels: at least one label pair required`. */
  errors: string[];
}
