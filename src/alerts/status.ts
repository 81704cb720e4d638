import type { HeldAlert } from './store/rows.js';

/**
 * Why an alert is or is not being notified. Alertmanager's `state`/`silencedBy`/`inhibitedBy`,
 * plus Opsdeck's reasons: `mutedBy` (maintenance windows) and `suppressedBy` (a service this
 * one depends on is down).
 */
export interface AlertStatus {
  state: 'active' | 'suppressed' | 'unprocessed';
  silencedBy: string[];
  inhibitedBy: string[];
  mutedBy: string[];
  /** The service whose outage explains this alert (`depends_on`), or null. */
  suppressedBy: string | null;
  /** The Opsdeck severity (e.g. `P1`) after the route's severity_map, or null when unmapped. */
  severity: string | null;
  /** Route keys whose groups hold the alert. */
  receivers: string[];
}

/** Who can say an alert's status: the dispatcher, which knows routes, silences and the rest. */
export interface AlertStatusSource {
  statusOf(alert: HeldAlert, now: number): AlertStatus;
}
