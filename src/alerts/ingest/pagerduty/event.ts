/**
 * PagerDuty Events API v2 alert events (`POST /v2/enqueue`), validated as PagerDuty does:
 * every problem is collected, worded like PagerDuty's own errors, and returned together.
 */
import { randomUUID } from 'node:crypto';

export const PD_SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;
export type PdSeverity = (typeof PD_SEVERITIES)[number];
export const PD_ACTIONS = ['trigger', 'acknowledge', 'resolve'] as const;

/** PagerDuty's own limits. */
const MAX_SUMMARY = 1024;
const MAX_DEDUP_KEY = 255;
const MAX_LIST = 50;
/** Fields that become labels share the label value limit of the Alertmanager API. */
const MAX_LABEL_VALUE = 16_384;
const LABEL_FIELDS = ['source', 'component', 'group', 'class'] as const;

/** The parts of a trigger's `payload` Opsdeck keeps. */
export interface PdPayload {
  summary: string;
  source: string;
  severity: PdSeverity;
  /** Epoch ms, when the sender gave `payload.timestamp`. */
  timestamp: number | undefined;
  component: string | undefined;
  group: string | undefined;
  class: string | undefined;
  customDetails: unknown;
}

export type PdEvent =
  | {
      action: 'trigger';
      routingKey: string;
      dedupKey: string;
      payload: PdPayload;
      links: unknown[];
      images: unknown[];
      client: string | undefined;
      clientUrl: string | undefined;
    }
  | { action: 'acknowledge' | 'resolve'; routingKey: string; dedupKey: string };

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function blank(value: unknown): boolean {
  return (
    value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
  );
}

/** An optional string field: its value, or undefined after recording why it is invalid. */
function optionalString(obj: Json, field: string, where: string, errors: string[]) {
  const value = obj[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  errors.push(`'${where}${field}' must be a string`);
  return undefined;
}

function requiredString(obj: Json, field: string, where: string, errors: string[]) {
  if (blank(obj[field])) {
    errors.push(`'${where}${field}' is missing or blank`);
    return '';
  }
  return optionalString(obj, field, where, errors) ?? '';
}

/** `links` / `images`: lists of objects each needing `required` (href / src). */
function objectList(body: Json, field: string, required: string, errors: string[]): unknown[] {
  const value = body[field];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    errors.push(`'${field}' must be an array`);
    return [];
  }
  if (value.length > MAX_LIST) errors.push(`'${field}' has more than ${MAX_LIST} entries`);
  value.slice(0, MAX_LIST).forEach((item, i) => {
    if (!isObject(item) || typeof item[required] !== 'string')
      errors.push(`'${field}[${i}].${required}' is missing or not a string`);
  });
  return value;
}

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

function parsePayload(body: Json, errors: string[]): PdPayload | undefined {
  const payload = body.payload;
  if (!isObject(payload)) {
    errors.push(`'payload' is missing or not an object`);
    return undefined;
  }
  const w = 'payload.';
  const summary = requiredString(payload, 'summary', w, errors);
  if (summary.length > MAX_SUMMARY)
    errors.push(`'payload.summary' is longer than ${MAX_SUMMARY} characters`);
  const source = requiredString(payload, 'source', w, errors);
  const severity = requiredString(payload, 'severity', w, errors);
  if (severity !== '' && !(PD_SEVERITIES as readonly string[]).includes(severity))
    errors.push(`'payload.severity' is invalid (must be one of: ${PD_SEVERITIES.join(', ')})`);
  const stamp = optionalString(payload, 'timestamp', w, errors);
  let timestamp: number | undefined;
  if (stamp !== undefined && stamp !== '') {
    timestamp = ISO_8601.test(stamp) ? Date.parse(stamp) : NaN;
    if (Number.isNaN(timestamp)) errors.push(`'payload.timestamp' is not an ISO 8601 time`);
  }
  for (const field of LABEL_FIELDS) {
    const value = payload[field];
    if (typeof value === 'string' && value.length > MAX_LABEL_VALUE)
      errors.push(`'payload.${field}' is longer than ${MAX_LABEL_VALUE} characters`);
  }
  return {
    summary,
    source,
    severity: severity as PdSeverity,
    timestamp,
    component: optionalString(payload, 'component', w, errors),
    group: optionalString(payload, 'group', w, errors),
    class: optionalString(payload, 'class', w, errors),
    customDetails: payload.custom_details,
  };
}

/**
 * One event, or every reason it is invalid. `dedup_key` is generated for a trigger without one
 * (32 hex digits, as PagerDuty's own), and required for acknowledge and resolve.
 */
export function parsePdEvent(body: unknown): PdEvent | { errors: string[] } {
  if (!isObject(body)) return { errors: ['Event must be a JSON object'] };
  const errors: string[] = [];
  const routingKey = requiredString(body, 'routing_key', '', errors);
  const action = requiredString(body, 'event_action', '', errors);
  const known = (PD_ACTIONS as readonly string[]).includes(action);
  if (action !== '' && !known)
    errors.push(`'event_action' is invalid (must be one of: ${PD_ACTIONS.join(', ')})`);
  let dedupKey = optionalString(body, 'dedup_key', '', errors);
  if (dedupKey !== undefined && dedupKey.length > MAX_DEDUP_KEY)
    errors.push(`'dedup_key' is longer than ${MAX_DEDUP_KEY} characters`);
  if (action === 'trigger') {
    const payload = parsePayload(body, errors);
    const links = objectList(body, 'links', 'href', errors);
    const images = objectList(body, 'images', 'src', errors);
    const client = optionalString(body, 'client', '', errors);
    const clientUrl = optionalString(body, 'client_url', '', errors);
    if (errors.length > 0 || !payload) return { errors };
    if (blank(dedupKey)) dedupKey = randomUUID().replaceAll('-', '');
    return {
      action,
      routingKey,
      dedupKey: dedupKey!,
      payload,
      links,
      images,
      client,
      clientUrl,
    };
  }
  if (known && blank(dedupKey)) errors.push(`'dedup_key' is missing or blank`);
  if (errors.length > 0) return { errors };
  return { action: action as 'acknowledge' | 'resolve', routingKey, dedupKey: dedupKey! };
}
