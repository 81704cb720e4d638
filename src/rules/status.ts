/** The rule engine's status, as the API and console show it. */
import type { AlertingRule, AlertState } from './alerting/rule.js';

export interface RuleAlertStatus {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: AlertState;
  value: number;
  activeAt: number;
  firedAt: number | null;
  resolvedAt: number | null;
}

export interface RuleStatus {
  name: string;
  expr: string;
  severity: string;
  service: string | null;
  /** firing if any alert fires, else pending if any is pending, else inactive. */
  state: AlertState;
  health: 'ok' | 'error' | 'unknown';
  lastEvaluation: number | null;
  lastDurationMs: number | null;
  lastError: string | null;
  alerts: RuleAlertStatus[];
}

/** One configured rule and the outcome of its last evaluation. */
export interface RuleSlot {
  key: string;
  rule: AlertingRule;
  lastEvaluation: number | null;
  lastDurationMs: number | null;
  lastError: string | null;
}

/** A rule's status as the API shows it. */
export function statusOf(slot: RuleSlot): RuleStatus {
  const { def } = slot.rule;
  return {
    name: def.name,
    expr: def.expr,
    severity: def.severity,
    service: def.service ?? null,
    state: slot.rule.state,
    health: slot.lastEvaluation === null ? 'unknown' : slot.lastError ? 'error' : 'ok',
    lastEvaluation: slot.lastEvaluation,
    lastDurationMs: slot.lastDurationMs,
    lastError: slot.lastError,
    alerts: slot.rule.alerts().map((a) => ({
      labels: a.labels,
      annotations: a.annotations,
      state: a.state,
      value: a.value,
      activeAt: a.activeAt,
      firedAt: a.firedAt ?? null,
      resolvedAt: a.resolvedAt ?? null,
    })),
  };
}
