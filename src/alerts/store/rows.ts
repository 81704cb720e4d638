import type { AlertsTable } from '../../store/schema.js';
import type { Alert } from '../model/alert.js';

/** Held alerts carry their acknowledgement (a PagerDuty `acknowledge`; incidents use it later). */
export interface HeldAlert extends Alert {
  acknowledgedAt: number | null;
}

/** Column order of the bulk upsert (see writer.ts). */
export function toRow(a: HeldAlert): unknown[] {
  return [
    a.fingerprint,
    JSON.stringify(a.labels),
    JSON.stringify(a.annotations),
    a.startsAt,
    a.endsAt,
    a.updatedAt,
    a.timeout ? 1 : 0,
    a.generatorURL,
    a.source,
    a.acknowledgedAt,
  ];
}

export function fromRow(r: AlertsTable): HeldAlert {
  return {
    fingerprint: r.fingerprint,
    labels: JSON.parse(r.labels) as Alert['labels'],
    annotations: JSON.parse(r.annotations) as Alert['annotations'],
    startsAt: Number(r.starts_at),
    endsAt: Number(r.ends_at),
    updatedAt: Number(r.updated_at),
    timeout: r.timeout === 1,
    generatorURL: r.generator_url,
    source: r.source,
    acknowledgedAt: r.acknowledged_at === null ? null : Number(r.acknowledged_at),
  };
}
