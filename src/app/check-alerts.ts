import type { AlertInput, AlertSink } from '../alerts/index.js';
import { toAlerts, type CheckTransition } from '../checks/index.js';
import type { Logger } from '../telemetry/logger.js';

/** A firing check alert ends when the check recovers, not by timeout: the check is the authority. */
const UNTIL_RESOLVED = Date.UTC(9999, 11, 31, 23, 59, 59);

/** The Alertmanager-shaped alerts of a check transition, as alert inputs. */
export function checkAlertInputs(t: CheckTransition): AlertInput[] {
  return toAlerts(t).map((a) => ({
    labels: a.labels,
    annotations: a.annotations,
    startsAt: Date.parse(a.startsAt),
    endsAt: a.endsAt === undefined ? UNTIL_RESOLVED : Date.parse(a.endsAt),
    timeout: false,
    generatorURL: '',
  }));
}

/** Feeds every check state change into the alert store (source `check`). */
export function forwardCheckAlerts(sink: AlertSink, logger: Logger) {
  return (t: CheckTransition): void => {
    const alerts = checkAlertInputs(t);
    if (alerts.length === 0) return;
    sink.submit(alerts, 'check').catch((error: unknown) => {
      logger.error({ err: error, check: t.key }, 'check alert not stored');
    });
  };
}
