/**
 * An open incident's alert group notified again: the timeline records which alerts fired and
 * resolved, a more severe alert raises the incident's severity, and when every alert has
 * resolved the incident resolves by itself if its severity says so (`auto_resolve`), or waits
 * for a person.
 */
import type { GroupNotification } from '../../alerts/dispatch/dispatcher.js';
import type { HeldAlert } from '../../alerts/store/rows.js';
import { autoResolves } from '../../config/index.js';
import { isOpen } from '../lifecycle.js';
import { addEvent } from '../repository.js';
import type { IncidentRow } from '../types.js';
import type { Work } from '../writer.js';
import { severityRank, SYSTEM, type VerbContext } from './context.js';
import { severityChange } from './severity.js';
import { applyMove } from './status.js';

/** At most this many alerts are named in one timeline event (the count is always there). */
const NAMED = 20;

/** The runbook an alert names: Opsdeck's `runbook` annotation, or Prometheus' `runbook_url`. */
function runbookOf(annotations: Record<string, string>): string | undefined {
  return annotations.runbook ?? annotations.runbook_url;
}

export function alertSummaries(alerts: readonly HeldAlert[]) {
  return alerts.slice(0, NAMED).map((a) => ({
    fingerprint: a.fingerprint,
    alertname: a.labels.alertname ?? null,
    ...(a.labels.instance ? { instance: a.labels.instance } : {}),
    ...(a.annotations.summary ? { summary: a.annotations.summary } : {}),
    ...(runbookOf(a.annotations) ? { runbook: runbookOf(a.annotations) } : {}),
  }));
}

export function fingerprintsOf(row: Pick<IncidentRow, 'alerts'>): string[] {
  return JSON.parse(row.alerts) as string[];
}

export function groupChanged(ctx: VerbContext, n: GroupNotification): Work {
  return async (trx, row, now) => {
    if (!isOpen(row.status)) return [];
    const id = Number(row.id);
    const before = new Set(fingerprintsOf(row));
    const firing = n.firing.map((a) => a.fingerprint);
    const fired = n.firing.filter((a) => !before.has(a.fingerprint));
    const firingNow = new Set(firing);
    const resolved = n.resolved.filter(
      (a) => before.has(a.fingerprint) && !firingNow.has(a.fingerprint),
    );
    const gone = [...before].filter((f) => !firingNow.has(f));
    const set: Partial<IncidentRow> = {};
    if (fired.length > 0 || gone.length > 0) set.alerts = JSON.stringify(firing);
    const config = ctx.config();
    const raise =
      n.severity !== null && severityRank(config, n.severity) < severityRank(config, row.severity);
    if (raise) Object.assign(set, severityChange(ctx, row, n.severity!, now));
    if (Object.keys(set).length === 0 && firing.length > 0) return [];

    if (fired.length > 0)
      await addEvent(trx, id, now, 'alerts_fired', null, {
        count: fired.length,
        alerts: alertSummaries(fired),
      });
    if (gone.length > 0)
      await addEvent(trx, id, now, 'alerts_resolved', null, {
        count: gone.length,
        alerts: alertSummaries(resolved),
        ...(firing.length === 0 ? { all: true } : {}),
      });
    if (raise)
      await addEvent(trx, id, now, 'severity_changed', null, {
        from: row.severity,
        to: n.severity,
        reason: 'a more severe alert joined the group',
      });

    const severity = (set.severity as string | undefined) ?? row.severity;
    if (firing.length === 0 && autoResolves(config.severities[severity ?? '']))
      return applyMove(
        ctx,
        trx,
        row,
        now,
        'resolved',
        SYSTEM,
        { reason: 'every alert of the group resolved' },
        set,
      );
    if (Object.keys(set).length > 0) await ctx.steps.update(trx, row, now, set);
    return [];
  };
}
