/**
 * Generic JSON webhooks: the integration's `mapping` says where, in each received item, the
 * labels, annotations, status and start time are. Values that are numbers or booleans become
 * text; objects and arrays become JSON text in annotations and are refused as label values.
 */
import type { IntegrationConfig } from '../../../config/index.js';
import type { AlertInput } from '../../model/alert.js';
import { labelSetError, normalizeLabels, type LabelSet } from '../../model/labels.js';
import { MAX_BATCH } from '../postable.js';
import type { ParsedBatch } from '../sink.js';
import { compileJsonPath, type JsonPath } from './json-path.js';

export type WebhookMapping = NonNullable<IntegrationConfig['mapping']>;

const MAX_VALUE = 16_384;

/** A mapping with its paths compiled. */
export interface CompiledMapping {
  alerts: JsonPath | undefined;
  labels: Array<[string, JsonPath]>;
  annotations: Array<[string, JsonPath]>;
  status: { path: JsonPath; resolved: Set<string> } | undefined;
  startsAt: JsonPath | undefined;
}

export function compileMapping(mapping: WebhookMapping): CompiledMapping {
  const pairs = (m: Record<string, string> | undefined) =>
    Object.entries(m ?? {}).map(([name, path]): [string, JsonPath] => [
      name,
      compileJsonPath(path),
    ]);
  return {
    alerts: mapping.alerts === undefined ? undefined : compileJsonPath(mapping.alerts),
    labels: pairs(mapping.labels),
    annotations: pairs(mapping.annotations),
    status: mapping.status && {
      path: compileJsonPath(mapping.status.path),
      resolved: new Set(mapping.status.resolved_values),
    },
    startsAt: mapping.starts_at === undefined ? undefined : compileJsonPath(mapping.starts_at),
  };
}

/** Text of a scalar, or undefined for absent, null and (unless `json`) objects and arrays. */
function text(value: unknown, json: boolean): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (json && typeof value === 'object' && value !== null) return JSON.stringify(value);
  return undefined;
}

/** RFC 3339 text, or epoch seconds (below 1e11, i.e. before year 5138) or milliseconds. */
function time(value: unknown): number | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return undefined;
    const ms = value < 1e11 ? value * 1000 : value;
    return ms <= 253402300799000 ? Math.round(ms) : undefined;
  }
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

export interface MappingOptions {
  now: number;
  resolveTimeoutMs: number;
}

/** One item as an alert, or why it cannot be one (relative path first, e.g. `labels.x: …`). */
export function mapItem(
  m: CompiledMapping,
  item: unknown,
  options: MappingOptions,
): AlertInput | string {
  const labels: LabelSet = {};
  for (const [name, path] of m.labels) {
    const value = text(path.get(item), false);
    if (value === undefined || value === '') return `labels.${name}: no text value at ${path.text}`;
    if (value.length > MAX_VALUE) return `labels.${name}: longer than ${MAX_VALUE} characters`;
    labels[name] = value;
  }
  const annotations: LabelSet = {};
  for (const [name, path] of m.annotations) {
    const value = text(path.get(item), true);
    if (value !== undefined) annotations[name] = value.slice(0, MAX_VALUE);
  }
  const { now, resolveTimeoutMs } = options;
  let startsAt = now;
  if (m.startsAt) {
    const raw = m.startsAt.get(item);
    if (raw !== undefined && raw !== null) {
      const at = time(raw);
      if (at === undefined)
        return `starts_at: value at ${m.startsAt.text} is not an RFC 3339 time or epoch number`;
      startsAt = at;
    }
  }
  // A missing status means firing: senders often only say so when something resolved.
  const status = m.status && text(m.status.path.get(item), false);
  const resolved = status !== undefined && m.status!.resolved.has(status);
  const problem = labelSetError(labels);
  if (problem) return problem;
  return {
    labels: normalizeLabels(labels),
    annotations,
    startsAt: resolved ? Math.min(startsAt, now) : startsAt,
    endsAt: resolved ? now : Math.max(now, startsAt) + resolveTimeoutMs,
    timeout: !resolved,
    generatorURL: '',
  };
}

/** Every item of a body: the array at `mapping.alerts`, or the body as one item. */
export function mapWebhookBody(
  m: CompiledMapping,
  body: unknown,
  options: MappingOptions,
): ParsedBatch {
  const single = m.alerts === undefined;
  const items = single ? [body] : m.alerts!.get(body);
  if (!Array.isArray(items))
    return { alerts: [], errors: [`alerts: no array at ${m.alerts!.text}`] };
  if (items.length > MAX_BATCH)
    return { alerts: [], errors: [`alerts: ${items.length} items; at most ${MAX_BATCH}`] };
  const batch: ParsedBatch = { alerts: [], errors: [] };
  items.forEach((item, i) => {
    const alert = mapItem(m, item, options);
    if (typeof alert !== 'string') batch.alerts.push(alert);
    else batch.errors.push(single ? alert : `alerts[${i}].${alert}`);
  });
  return batch;
}
