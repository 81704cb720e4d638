/** Incidents as the API and the CLI show them. */
import type { IncidentsTable } from '../store/schema.js';
import type { PolicySnapshot } from '../oncall/escalation/policy.js';
import type { Selectable } from 'kysely';
import { isoTime, isoTimeOrNull } from '../lib/time.js';

export const INCIDENT_STATUSES = ['triggered', 'acknowledged', 'resolved'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export type IncidentRow = Selectable<IncidentsTable>;

export interface IncidentView {
  id: number;
  title: string;
  severity: string | null;
  service: string | null;
  status: IncidentStatus;
  source: string;
  labels: Record<string, string>;
  opened_at: string;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  resolved_at: string | null;
  resolved_by: string | null;
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
}

export function policyOf(row: Pick<IncidentRow, 'policy'>): PolicySnapshot | null {
  return row.policy ? (JSON.parse(row.policy) as PolicySnapshot) : null;
}

export function incidentView(row: IncidentRow): IncidentView {
  const policy = policyOf(row);
  return {
    id: Number(row.id),
    title: row.title,
    severity: row.severity,
    service: row.service,
    status: row.status as IncidentStatus,
    source: row.source,
    labels: JSON.parse(row.labels) as Record<string, string>,
    opened_at: isoTime(Number(row.opened_at)),
    acknowledged_at: isoTimeOrNull(
      row.acknowledged_at === null ? null : Number(row.acknowledged_at),
    ),
    acknowledged_by: row.acknowledged_by,
    resolved_at: isoTimeOrNull(row.resolved_at === null ? null : Number(row.resolved_at)),
    resolved_by: row.resolved_by,
    escalation: {
      policy: row.policy_id,
      step: row.step + 1,
      round: row.round + 1,
      steps: policy?.steps.length ?? 0,
      next_at: isoTimeOrNull(
        row.next_escalation_at === null ? null : Number(row.next_escalation_at),
      ),
      snoozed_until: isoTimeOrNull(row.snoozed_until === null ? null : Number(row.snoozed_until)),
    },
  };
}
