/**
 * Alertmanager's postable alert (`POST /api/v2/alerts`, and each alert of its webhook) turned
 * into an AlertInput, with Alertmanager's defaults: no `startsAt` means now (or `endsAt` when
 * only that is given), no `endsAt` means now + resolve_timeout and marks the alert as timing
 * out. Empty label values are dropped. Invalid items are reported by index, never thrown, so a
 * batch keeps its valid alerts (Alertmanager stores those and answers 400 for the rest).
 */
import type { AlertInput } from '../model/alert.js';
import { labelSetError, normalizeLabels, type LabelSet } from '../model/labels.js';
import type { ParsedBatch } from './sink.js';

/** The most alerts one request may carry; larger batches are refused whole (413-like 400). */
export const MAX_BATCH = 10_000;
const MAX_LABELS = 128;
const MAX_VALUE_BYTES = 16_384;

export interface PostableOptions {
  now: number;
  /** Alertmanager's `resolve_timeout` (5m by default). */
  resolveTimeoutMs: number;
  /** Name of the list in error messages, `alerts` by default. */
  path?: string;
}

export function parsePostableAlerts(body: unknown, options: PostableOptions): ParsedBatch {
  const path = options.path ?? 'alerts';
  if (!Array.isArray(body)) return { alerts: [], errors: [`${path}: expected an array of alerts`] };
  if (body.length > MAX_BATCH)
    return {
      alerts: [],
      errors: [`${path}: ${body.length} alerts in one request; at most ${MAX_BATCH}`],
    };
  const alerts: AlertInput[] = [];
  const errors: string[] = [];
  for (let i = 0; i < body.length; i++) {
    const parsed = parsePostableAlert(body[i], options);
    if (typeof parsed === 'string') errors.push(`${path}[${i}].${parsed}`);
    else alerts.push(parsed);
  }
  return { alerts, errors };
}

/** One alert, or the reason it is invalid (relative path first, e.g. `labels: …`). */
export function parsePostableAlert(item: unknown, options: PostableOptions): AlertInput | string {
  if (typeof item !== 'object' || item === null || Array.isArray(item))
    return 'alert: expected an object';
  const a = item as Record<string, unknown>;
  const labels = stringMap(a.labels, 'labels', true);
  if (typeof labels === 'string') return labels;
  const annotations = stringMap(a.annotations, 'annotations', false);
  if (typeof annotations === 'string') return annotations;
  const starts = time(a.startsAt, 'startsAt');
  if (typeof starts === 'string') return starts;
  const ends = time(a.endsAt, 'endsAt');
  if (typeof ends === 'string') return ends;
  if (a.generatorURL !== undefined && a.generatorURL !== null && typeof a.generatorURL !== 'string')
    return 'generatorURL: expected a string';
  const { now, resolveTimeoutMs } = options;
  const startsAt = starts ?? ends ?? now;
  const timeout = ends === null;
  const endsAt = ends ?? now + resolveTimeoutMs;
  if (endsAt < startsAt)
    return ends !== null
      ? 'endsAt: before startsAt'
      : 'startsAt: later than now + resolve_timeout, with no endsAt';
  const labelError = labelSetError(labels);
  if (labelError) return labelError;
  const annotationError = labelSetError(annotations, 'annotations');
  if (annotationError) return annotationError;
  return {
    labels,
    annotations,
    startsAt,
    endsAt,
    timeout,
    generatorURL: (a.generatorURL as string | undefined) ?? '',
  };
}

function stringMap(value: unknown, field: string, required: boolean): LabelSet | string {
  if (value === undefined || value === null) return required ? `${field}: required` : {};
  if (typeof value !== 'object' || Array.isArray(value))
    return `${field}: expected an object of strings`;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > MAX_LABELS)
    return `${field}: ${entries.length} entries; at most ${MAX_LABELS}`;
  for (const [name, v] of entries) {
    if (typeof v !== 'string') return `${field}.${name}: expected a string`;
    if (v.length > MAX_VALUE_BYTES)
      return `${field}.${name}: longer than ${MAX_VALUE_BYTES} characters`;
  }
  return normalizeLabels(value as LabelSet);
}

/** Epoch ms, null when absent or Go's zero time (`0001-01-01T00:00:00Z`), or an error. */
function time(value: unknown, field: string): number | null | string {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') return `${field}: expected an RFC 3339 time`;
  if (value.startsWith('0001-01-01')) return null;
  if (!RFC3339.test(value)) return `${field}: '${value.slice(0, 40)}' is not an RFC 3339 time`;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return `${field}: '${value.slice(0, 40)}' is not a valid time`;
  return ms;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
