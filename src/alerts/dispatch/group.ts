import type { LabelSet } from '../model/labels.js';
import type { Route } from '../routing/index.js';
import type { HeldAlert } from '../store/rows.js';

/** The alerts of one route that share the values of its `group_by` labels. */
export class AggregationGroup {
  readonly alerts = new Map<string, HeldAlert>();
  hasFlushed = false;
  sending = false;
  lastFlushAt: number | null = null;

  constructor(
    /** Alertmanager's group key (what webhooks carry as `groupKey`). */
    readonly key: string,
    readonly route: Route,
    readonly labels: LabelSet,
    readonly createdAt: number,
    /** The dispatcher's index key: route id and group label values. */
    readonly slot: string,
  ) {}
}

/** What was last sent for a group to one target (Alertmanager's notification log entry). */
export interface LogEntry {
  firing: ReadonlySet<string>;
  resolved: ReadonlySet<string>;
  at: number;
}

/**
 * Alertmanager's DedupStage: notify when something new fires, when an alert sent as firing has
 * resolved, or when `repeat_interval` has passed with alerts still firing.
 */
export function needsUpdate(
  entry: LogEntry | undefined,
  firing: ReadonlySet<string>,
  resolved: ReadonlySet<string>,
  repeatInterval: number,
  now: number,
): boolean {
  if (!entry) return firing.size > 0;
  for (const fp of firing) if (!entry.firing.has(fp)) return true;
  for (const fp of resolved) if (!entry.resolved.has(fp) && entry.firing.has(fp)) return true;
  if (firing.size === 0) return false;
  return now - entry.at >= repeatInterval;
}

/** Labels (or annotations) every alert of the list shares. */
export function commonOf(alerts: readonly HeldAlert[], field: 'labels' | 'annotations'): LabelSet {
  if (alerts.length === 0) return {};
  const out: LabelSet = { ...alerts[0]![field] };
  for (let i = 1; i < alerts.length; i++) {
    const other = alerts[i]![field];
    for (const name in out) if (other[name] !== out[name]) delete out[name];
  }
  return out;
}
