/**
 * The webhook body: Alertmanager's webhook payload, version 4, so receivers written for
 * Alertmanager (and the Alertmanager-webhook integrations of other tools) work unchanged.
 * Opsdeck adds `severity` and `dependents` (alerts held back by `depends_on`), which such
 * receivers ignore.
 */
import { isoTime } from '../../lib/time.js';
import type { GroupNotification } from '../../alerts/dispatch/dispatcher.js';
import type { HeldAlert } from '../../alerts/store/rows.js';

const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

function webhookAlert(a: HeldAlert, status: 'firing' | 'resolved') {
  return {
    status,
    labels: a.labels,
    annotations: a.annotations,
    startsAt: isoTime(a.startsAt),
    // Alertmanager sends Go's zero time for firing alerts: their end is not known yet.
    endsAt: status === 'firing' ? GO_ZERO_TIME : isoTime(a.endsAt),
    generatorURL: a.generatorURL,
    fingerprint: a.fingerprint,
  };
}

export function webhookPayload(n: GroupNotification, externalURL: string) {
  return {
    receiver: n.target,
    status: n.status,
    alerts: [
      ...n.firing.map((a) => webhookAlert(a, 'firing')),
      ...n.resolved.map((a) => webhookAlert(a, 'resolved')),
    ],
    groupLabels: n.groupLabels,
    commonLabels: n.commonLabels,
    commonAnnotations: n.commonAnnotations,
    externalURL,
    version: '4',
    groupKey: n.groupKey,
    truncatedAlerts: 0,
    severity: n.severity,
    dependents: n.dependents.map((a) => webhookAlert(a, 'firing')),
  };
}
