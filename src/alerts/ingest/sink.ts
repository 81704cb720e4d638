import type { AlertInput } from '../model/alert.js';
import type { LabelSet } from '../model/labels.js';

/**
 * Where every detector and ingest endpoint hands its alerts. `submit` resolves only once the
 * alerts are committed to storage (group commit: concurrent calls share one transaction), and
 * rejects with AppError('overloaded') (HTTP 503) when too much is already waiting, so senders
 * retry rather than lose data.
 */
export interface AlertSink {
  submit(alerts: readonly AlertInput[], source: string): Promise<void>;
  /**
   * Ends, at `at`, the firing alerts from `source` whose labels include every pair in `labels`
   * (a PagerDuty `resolve` by dedup_key). Resolves with how many, once committed.
   */
  resolveWhere(source: string, labels: LabelSet, at: number): Promise<number>;
  /** Marks those alerts acknowledged at `at` (a PagerDuty `acknowledge`). */
  acknowledgeWhere(source: string, labels: LabelSet, at: number): Promise<number>;
}

/** The outcome of parsing a batch: what can be stored, and one message per rejected item. */
export interface ParsedBatch {
  alerts: AlertInput[];
  /** e.g. `alerts[3].labels: at least one label pair required`. */
  errors: string[];
}
