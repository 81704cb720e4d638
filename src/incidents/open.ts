/**
 * Opening an incident, whether an alert group opened it or a person declared it: one row with
 * its milestones and deadline, its services, the first timeline entry, and (with a policy)
 * step 1's pages, all inside the caller's transaction.
 */
import type { OpsConfig } from '../config/index.js';
import type { MessageAlert } from '../notify/message.js';
import { nextAfter, type PolicySnapshot } from '../oncall/escalation/policy.js';
import type { Insertable, Transaction } from 'kysely';
import type { Database, IncidentsTable } from '../store/schema.js';
import { addEvent, setServices } from './repository.js';
import type { AfterCommit, StepRunner } from './steps.js';
import type { IncidentRole } from './types.js';

export interface NewIncident {
  key: string;
  title: string;
  severity: string | null;
  /** Affected services; the first is the primary one. */
  services: string[];
  source: 'alerts' | 'manual';
  labels: Record<string, string>;
  /** Pages step 1 now and arms the next step; null pages nobody. */
  policy: PolicySnapshot | null;
  /** When the impact began (defaults to now). */
  startedAt?: number | undefined;
  /** Firing alert fingerprints (alert incidents). */
  alerts?: string[] | undefined;
  declaredBy?: string | undefined;
  summary?: string | undefined;
  impact?: string | undefined;
  roles?: Partial<Record<IncidentRole, string>> | undefined;
  /** The first timeline entry: `opened` or `declared`, with its detail. */
  event: { kind: 'opened' | 'declared'; actor: string | null; detail: Record<string, unknown> };
  /** Alerts shown in step 1's messages. */
  messageAlerts: MessageAlert[];
}

export interface Opened {
  id: number;
  nextEscalationAt: number | null;
  afterCommit: AfterCommit[];
}

export async function openIncident(
  trx: Transaction<Database>,
  steps: StepRunner,
  config: OpsConfig,
  input: NewIncident,
  now: number,
): Promise<Opened> {
  const { policy, severity } = input;
  const paging = policy !== null;
  const next = paging && steps.escalates(severity) ? nextAfter(policy, 0, 0, now) : null;
  const within = severity === null ? undefined : config.severities[severity]?.respond_within;
  const status = paging ? 'triggered' : 'investigating';
  const row: Insertable<IncidentsTable> = {
    key: input.key,
    title: input.title,
    severity,
    service: input.services[0] ?? null,
    status,
    source: input.source,
    labels: JSON.stringify(input.labels),
    policy_id: policy?.id ?? null,
    policy: policy ? JSON.stringify(policy) : null,
    step: 0,
    round: 0,
    next_escalation_at: next?.at ?? null,
    snoozed_until: null,
    opened_at: now,
    // A declared incident nobody needs paging for is being worked on by its declarer.
    acknowledged_at: paging ? null : now,
    acknowledged_by: paging ? null : (input.declaredBy ?? null),
    resolved_at: null,
    resolved_by: null,
    updated_at: now,
    started_at: Math.min(input.startedAt ?? now, now),
    mitigated_at: null,
    closed_at: null,
    closed_by: null,
    respond_by: within === undefined ? null : now + within,
    declared_by: input.declaredBy ?? null,
    summary: input.summary ?? null,
    impact: input.impact ?? null,
    root_cause: null,
    resolution: null,
    roles: JSON.stringify(input.roles ?? {}),
    links: '[]',
    alerts: JSON.stringify(input.alerts ?? []),
  };
  const inserted = await trx
    .insertInto('incidents')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = Number(inserted.id);
  await setServices(trx, id, input.services);
  await addEvent(trx, id, now, input.event.kind, input.event.actor, input.event.detail);
  for (const [role, person] of Object.entries(input.roles ?? {}))
    await addEvent(trx, id, now, 'role_assigned', input.event.actor, {
      role,
      from: null,
      to: person,
    });
  if (!paging) return { id, nextEscalationAt: null, afterCommit: [] };
  const facts = steps.facts(
    {
      id,
      title: input.title,
      severity,
      service: row.service ?? null,
      status: 'triggered',
      opened_at: now,
    },
    0,
    0,
    null,
    input.messageAlerts,
  );
  const afterCommit = await steps.page(trx, policy, facts, 'incident.triggered', now, null);
  return { id, nextEscalationAt: next?.at ?? null, afterCommit };
}
