/** Incidents as the API and the CLI show them. */
import type { IncidentsTable } from '../store/schema.js';
import type { PolicySnapshot } from '../oncall/escalation/policy.js';
import type { Selectable } from 'kysely';
import { isoTime, isoTimeOrNull } from '../lib/time.js';
import type { IncidentStatus } from './lifecycle.js';

export { INCIDENT_STATUSES, type IncidentStatus } from './lifecycle.js';

/** Roles people hold during an incident. */
export const INCIDENT_ROLES = ['commander', 'communications', 'scribe'] as const;
export type IncidentRole = (typeof INCIDENT_ROLES)[number];

export type IncidentRow = Selectable<IncidentsTable>;

export interface IncidentLink {
  title: string;
  url: string;
}

export interface IncidentView {
  id: number;
  title: string;
  severity: string | null;
  /** The primary service (the alert group's); `services` lists every affected one. */
  service: string | null;
  services: string[];
  status: IncidentStatus;
  source: string;
  labels: Record<string, string>;
  /** When the impact began. */
  started_at: string;
  /** When Opsdeck opened it (detection). */
  opened_at: string;
  /** First acknowledgement. */
  acknowledged_at: string | null;
  /** Who acknowledged last. */
  acknowledged_by: string | null;
  mitigated_at: string | null;
  resolved_at: string | null;
  resolved_by: string | null;
  closed_at: string | null;
  closed_by: string | null;
  /** Acknowledgement deadline from the severity's `respond_within`. */
  respond_by: string | null;
  /** Nobody acknowledged by `respond_by` (resolving counts as a response). */
  response_breached: boolean;
  declared_by: string | null;
  summary: string | null;
  impact: string | null;
  root_cause: string | null;
  resolution: string | null;
  roles: Partial<Record<IncidentRole, string>>;
  links: IncidentLink[];
  escalation: {
    policy: string | null;
    /** Last step run (1-based, as people count) and round; null before any. */
    step: number;
    round: number;
    steps: number;
    next_at: string | null;
    snoozed_until: string | null;
  };
}

export interface IncidentEventView {
  id: number;
  at: string;
  kind: string;
  actor: string | null;
  detail: Record<string, unknown> | null;
  pinned: boolean;
}

export function policyOf(row: Pick<IncidentRow, 'policy'>): PolicySnapshot | null {
  return row.policy ? (JSON.parse(row.policy) as PolicySnapshot) : null;
}

export function rolesOf(row: Pick<IncidentRow, 'roles'>): Partial<Record<IncidentRole, string>> {
  return JSON.parse(row.roles) as Partial<Record<IncidentRole, string>>;
}

const ms = (value: number | null): number | null => (value === null ? null : Number(value));

/** Whether nobody responded (acknowledged or resolved) by the deadline, as of `now`. */
export function responseBreached(
  row: Pick<IncidentRow, 'respond_by' | 'acknowledged_at' | 'resolved_at'>,
  now: number,
): boolean {
  if (row.respond_by === null) return false;
  const responded = ms(row.acknowledged_at) ?? ms(row.resolved_at) ?? now;
  return responded > Number(row.respond_by);
}

export function incidentView(
  row: IncidentRow,
  services: string[],
  now: number = Date.now(),
): IncidentView {
  const policy = policyOf(row);
  return {
    id: Number(row.id),
    title: row.title,
    severity: row.severity,
    service: row.service,
    services,
    status: row.status as IncidentStatus,
    source: row.source,
    labels: JSON.parse(row.labels) as Record<string, string>,
    started_at: isoTime(Number(row.started_at ?? row.opened_at)),
    opened_at: isoTime(Number(row.opened_at)),
    acknowledged_at: isoTimeOrNull(ms(row.acknowledged_at)),
    acknowledged_by: row.acknowledged_by,
    mitigated_at: isoTimeOrNull(ms(row.mitigated_at)),
    resolved_at: isoTimeOrNull(ms(row.resolved_at)),
    resolved_by: row.resolved_by,
    closed_at: isoTimeOrNull(ms(row.closed_at)),
    closed_by: row.closed_by,
    respond_by: isoTimeOrNull(ms(row.respond_by)),
    response_breached: responseBreached(row, now),
    declared_by: row.declared_by,
    summary: row.summary,
    impact: row.impact,
    root_cause: row.root_cause,
    resolution: row.resolution,
    roles: rolesOf(row),
    links: JSON.parse(row.links) as IncidentLink[],
    escalation: {
      policy: row.policy_id,
      step: row.step + 1,
      round: row.round + 1,
      steps: policy?.steps.length ?? 0,
      next_at: isoTimeOrNull(ms(row.next_escalation_at)),
      snoozed_until: isoTimeOrNull(ms(row.snoozed_until)),
    },
  };
}
