/**
 * What the checks domain tells the rest of Opsdeck. Each state change becomes a
 * CheckTransition; `toAlert` gives it the Alertmanager shape the alerts domain ingests
 * (labels identify the alert, `status` firing while the check is down or degraded).
 */
import type { CheckState } from './state.js';

export interface CheckTransition {
  checkId: number;
  key: string;
  service: string;
  check: string;
  kind: string;
  from: CheckState;
  to: CheckState;
  /** Why: the failing run's reason, or what an operator did (paused by alice). */
  reason: string | null;
  at: number;
  severity: string;
  labels: Record<string, string>;
  runbook: string | null;
}

/** An alert in Alertmanager's API v2 shape (the alerts domain's ingest format). */
export interface CheckAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt?: string;
  status: 'firing' | 'resolved';
}

const ALERTING: ReadonlySet<CheckState> = new Set(['down', 'degraded']);

/**
 * The alert for a transition: firing when the check enters down or degraded (labels
 * `alertname=CheckDown|CheckDegraded`), resolved when it leaves them. A pause resolves too:
 * a paused check raises nothing. Transitions between non-alerting states give no alert.
 */
export function toAlert(t: CheckTransition): CheckAlert | undefined {
  const at = new Date(t.at).toISOString();
  const firing = ALERTING.has(t.to);
  const resolving = ALERTING.has(t.from) && !firing;
  const state = firing ? t.to : t.from;
  if (!firing && !resolving) return undefined;
  const annotations: Record<string, string> = {
    summary: `${t.service}/${t.check} is ${state}`,
    ...(t.reason ? { description: t.reason } : {}),
    ...(t.runbook ? { runbook: t.runbook } : {}),
  };
  const labels = {
    ...t.labels,
    alertname: state === 'down' ? 'CheckDown' : 'CheckDegraded',
    kind: t.kind,
  };
  return firing
    ? { labels, annotations, startsAt: at, status: 'firing' }
    : { labels, annotations, startsAt: at, endsAt: at, status: 'resolved' };
}
