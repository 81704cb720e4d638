/** What an incident opened by an alert group is called and carries. */
import type { GroupNotification } from '../alerts/dispatch/dispatcher.js';
import type { HeldAlert } from '../alerts/store/rows.js';
import type { MessageAlert } from '../notify/message.js';

const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

export function incidentTitle(
  n: Pick<GroupNotification, 'commonLabels' | 'commonAnnotations' | 'groupLabels' | 'firing'>,
): string {
  const summary = n.commonAnnotations.summary;
  if (summary) return summary;
  const name = n.commonLabels.alertname ?? n.groupLabels.alertname ?? 'Alerts';
  const service = n.commonLabels.service ?? n.groupLabels.service;
  const count = n.firing.length > 1 ? ` (${n.firing.length} alerts)` : '';
  return `${name}${service ? ` on ${service}` : ''}${count}`;
}

export function messageAlert(a: HeldAlert, status: 'firing' | 'resolved'): MessageAlert {
  return {
    status,
    labels: a.labels,
    annotations: a.annotations,
    startsAt: new Date(a.startsAt).toISOString(),
    endsAt: status === 'firing' ? GO_ZERO_TIME : new Date(a.endsAt).toISOString(),
    generatorURL: a.generatorURL,
    fingerprint: a.fingerprint,
  };
}
