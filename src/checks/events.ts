/**
 * What the checks domain tells the rest of Opsdeck. Each state change becomes a
 * CheckTransition; `toAlerts` gives it the Alertmanager shape the alerts domain ingests
 * (labels identify the alert, `status` firing while the check is down or degraded).
 */
import { isoTime } from '../lib/time.js';
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

function alertFor(t: CheckTransition, state: CheckState, firing: boolean): CheckAlert {
  const at = isoTime(t.at);
  const annotations: Record<string, string> = {
    summary: `${t.service}/${t.check} is ${state}`,
    ...(t.reason && firing ? { description: t.reason } : {}),
    ...(t.runbook ? { runbook: t.runbook } : {}),
  };
  const alertname = state === 'down' ? 'CheckDown' : 'CheckDegraded';
  const labels = { ...t.labels, alertname, kind: t.kind };
  return firing
    ? { labels, annotations, startsAt: at, status: 'firing' }
    : { labels, annotations, startsAt: at, endsAt: at, status: 'resolved' };
}

/**
 * The alerts for a transition: entering down or degraded fires `CheckDown`/`CheckDegraded`;
 * leaving it resolves that alert (down → degraded does both). A pause resolves too: a paused
 * check raises nothing. Changes between non-alerting states give no alert.
 */
export function toAlerts(t: CheckTransition): CheckAlert[] {
  const out: CheckAlert[] = [];
  if (ALERTING.has(t.from) && t.from !== t.to) out.push(alertFor(t, t.from, false));
  if (ALERTING.has(t.to)) out.push(alertFor(t, t.to, true));
  return out;
}
