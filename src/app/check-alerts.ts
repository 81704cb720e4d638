import { FOREVER, type AlertInput, type AlertSink } from '../alerts/index.js';
import { toAlerts, type CheckTransition } from '../checks/index.js';
import type { Logger } from '../telemetry/logger.js';
import type { OpsConfig } from '../config/index.js';

/** The Alertmanager-shaped alerts of a check transition, as alert inputs. */
export function checkAlertInputs(t: CheckTransition): AlertInput[] {
  return toAlerts(t).map((a) => ({
    labels: a.labels,
    annotations: a.annotations,
    startsAt: Date.parse(a.startsAt),
    endsAt: a.endsAt === undefined ? FOREVER : Date.parse(a.endsAt),
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

/** `service/check` of every check in a config. */
function checkKeys(config: OpsConfig): Set<string> {
  const keys = new Set<string>();
  for (const [service, s] of Object.entries(config.services))
    for (const check of Object.keys(s.checks)) keys.add(`${service}/${check}`);
  return keys;
}

/**
 * Resolves the alerts of checks a reload removed. A check's alert ends only when the check
 * recovers, so a check deleted while down would otherwise keep its alert firing forever.
 */
export async function resolveRemovedChecks(
  sink: AlertSink,
  before: OpsConfig,
  after: OpsConfig,
  at: number,
): Promise<void> {
  const kept = checkKeys(after);
  for (const key of checkKeys(before)) {
    if (kept.has(key)) continue;
    const [service, check] = key.split('/') as [string, string];
    await sink.resolveWhere('check', { service, check }, at);
  }
}
