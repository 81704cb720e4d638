/**
 * Status words, as Atlassian Statuspage uses them, so people and tools that read Statuspage
 * pages read ours the same way. Components are judged from their checks' live states, pages
 * from their components and their incidents' impact.
 */
import type { CheckState } from '../checks/index.js';

export const COMPONENT_STATUSES = [
  'operational',
  'under_maintenance',
  'degraded_performance',
  'partial_outage',
  'major_outage',
] as const;
export type ComponentStatus = (typeof COMPONENT_STATUSES)[number];

export type Indicator = 'none' | 'minor' | 'major' | 'critical' | 'maintenance';
export type Impact = 'none' | 'minor' | 'major' | 'critical';

export const STATUS_WORDS: Record<ComponentStatus, string> = {
  operational: 'Operational',
  under_maintenance: 'Under maintenance',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
};

/** Statuspage's page descriptions per indicator. */
export const INDICATOR_WORDS: Record<Indicator, string> = {
  none: 'All Systems Operational',
  minor: 'Minor Service Outage',
  major: 'Partial System Outage',
  critical: 'Major Service Outage',
  maintenance: 'Service Under Maintenance',
};

const RANK: Record<ComponentStatus, number> = {
  operational: 0,
  under_maintenance: 1,
  degraded_performance: 2,
  partial_outage: 3,
  major_outage: 4,
};

export const worst = (list: readonly ComponentStatus[]): ComponentStatus =>
  list.reduce<ComponentStatus>((a, b) => (RANK[b] > RANK[a] ? b : a), 'operational');

/**
 * A component from its checks' states: all down is a major outage, some down a partial one,
 * any degraded is degraded performance. Unknown and paused checks say nothing (a page that
 * just started, or a check paused on purpose, is not an outage). Maintenance wins: checks
 * are expected to fail while it runs.
 */
export function componentStatus(
  states: readonly CheckState[],
  maintenance: boolean,
): ComponentStatus {
  if (maintenance) return 'under_maintenance';
  const known = states.filter((s) => s === 'up' || s === 'degraded' || s === 'down');
  const down = known.filter((s) => s === 'down').length;
  if (down > 0) return down === known.length ? 'major_outage' : 'partial_outage';
  return known.includes('degraded') ? 'degraded_performance' : 'operational';
}

const IMPACT_STATUS: Record<Impact, ComponentStatus> = {
  none: 'operational',
  minor: 'degraded_performance',
  major: 'partial_outage',
  critical: 'major_outage',
};

/** The page's overall status: its worst component, raised by the worst active incident. */
export function overallStatus(components: readonly ComponentStatus[], impacts: readonly Impact[]) {
  return worst([...components, ...impacts.map((i) => IMPACT_STATUS[i])]);
}

/** Statuspage's indicator for an overall status. */
export function indicatorOf(status: ComponentStatus): Indicator {
  const map: Record<ComponentStatus, Indicator> = {
    operational: 'none',
    under_maintenance: 'maintenance',
    degraded_performance: 'minor',
    partial_outage: 'major',
    major_outage: 'critical',
  };
  return map[status];
}

/**
 * An incident's impact from its severity's rank in the config: the most severe is critical,
 * the next major, the rest minor (P0, P1, P2/P3 with the handbook's severities).
 */
export function impactOf(severity: string | null, severities: readonly string[]): Impact {
  const rank = severity === null ? -1 : severities.indexOf(severity);
  return rank === 0 ? 'critical' : rank === 1 ? 'major' : 'minor';
}

/** The class of a day's bar: operational ≥ 99.9 %, degraded ≥ 99 %, partial ≥ 95 %, else major. */
export function dayStatus(uptime: number | null): ComponentStatus | null {
  if (uptime === null) return null;
  if (uptime >= 0.999) return 'operational';
  if (uptime >= 0.99) return 'degraded_performance';
  return uptime >= 0.95 ? 'partial_outage' : 'major_outage';
}
