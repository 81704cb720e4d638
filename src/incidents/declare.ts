/** A person declaring an incident: what they may ask for, checked, and who gets paged. */
import type { OpsConfig } from '../config/index.js';
import { AppError } from '../errors.js';
import { snapshotPolicy } from '../oncall/escalation/policy.js';
import type { NewIncident } from './open.js';
import { assertKnown, type ActionBy } from './verbs/context.js';

/** An incident a person declares. */
export interface Declaration {
  title: string;
  severity: string;
  services?: string[] | undefined;
  commander?: string | undefined;
  summary?: string | undefined;
  impact?: string | undefined;
  /** Epoch ms when the impact began. */
  startedAt?: number | undefined;
  /**
   * Policy to page. Omitted: the first service's policy when the severity pages; null: page
   * nobody (the declarer is on it).
   */
  escalation?: string | null | undefined;
}

/** The new incident a declaration asks for, after checking it (400s naming the field). */
export function declaredIncident(
  config: OpsConfig,
  input: Declaration,
  by: ActionBy,
  now: number,
): NewIncident {
  assertKnown('severity', 'severity', input.severity, config.severities);
  const services = [...new Set(input.services ?? [])];
  services.forEach((s, i) => assertKnown(`services[${i}]`, 'service', s, config.services));
  if (input.commander !== undefined)
    assertKnown('commander', 'person', input.commander, config.people);
  if (input.escalation)
    assertKnown('escalation', 'escalation policy', input.escalation, config.escalation_policies);
  if (input.startedAt !== undefined && input.startedAt > now)
    throw new AppError('validation_failed', 'started_at: the impact cannot start in the future');
  const policyId =
    input.escalation === undefined
      ? config.severities[input.severity]!.page
        ? services.map((s) => config.services[s]?.escalation).find(Boolean)
        : undefined
      : (input.escalation ?? undefined);
  return {
    key: `manual:${crypto.randomUUID()}`,
    title: input.title,
    severity: input.severity,
    services,
    source: 'manual',
    labels: {},
    policy: policyId ? snapshotPolicy(config, policyId, input.severity) : null,
    startedAt: input.startedAt,
    declaredBy: by.name,
    summary: input.summary,
    impact: input.impact,
    roles: input.commander ? { commander: input.commander } : {},
    event: {
      kind: 'declared',
      actor: by.name,
      detail: { severity: input.severity, services, policy: policyId ?? null },
    },
    messageAlerts: [],
  };
}
