/**
 * Which routes an alert takes and which group it joins there (dispatch/route.go `Match`,
 * dispatch/dispatch.go `getGroupLabels` and the aggregation group key).
 */
import { matchesAll } from '../matchers/matcher.js';
import type { LabelSet } from '../model/labels.js';
import { formatLabelSet } from './format.js';
import type { Route } from './route.js';

function match(route: Route, labels: LabelSet, out: Route[]): boolean {
  if (!matchesAll(route.matchers, labels)) return false;
  const before = out.length;
  for (const child of route.routes) {
    // A matching child stops the search among its siblings unless it says `continue`.
    if (match(child, labels, out) && !child.continue) break;
  }
  // A node is a destination only when none of its children took the alert.
  if (out.length === before) out.push(route);
  return true;
}

/**
 * The routes an alert is delivered through: a depth-first, left-to-right search in which the
 * deepest matching nodes win and `continue` lets later siblings match too. Never empty for a
 * compiled tree: the root has no matchers and takes what no child takes.
 */
export function matchRoutes(root: Route, labels: LabelSet): Route[] {
  const out: Route[] = [];
  match(root, labels, out);
  return out;
}

/** The labels that name the alert's group on `route`: its `group_by` labels, or all of them. */
export function groupLabels(route: Route, labels: LabelSet): LabelSet {
  const out: LabelSet = {};
  for (const name of Object.keys(labels).sort()) {
    // Empty values are absent labels (Alertmanager never stores them).
    if (labels[name] !== '' && (route.groupByAll || route.groupBy.has(name)))
      out[name] = labels[name]!;
  }
  return out;
}

/**
 * Alertmanager's group key, `<route key>:<group labels>`, e.g.
 * `{}/{severity="P1"}:{alertname="Down", service="api"}` (what webhooks carry as `groupKey`).
 * Siblings with identical matchers share route keys, so index live groups by route object or
 * `route.id` plus this key, never by this key alone.
 */
export function groupKey(route: Route, labels: LabelSet): string {
  return `${route.key}:${formatLabelSet(groupLabels(route, labels))}`;
}

/**
 * The Opsdeck severity for an alert on `route`: its `severity` label mapped through the route's
 * `severity_map`, or undefined when the map has no entry for it.
 */
export function mappedSeverity(route: Route, labels: LabelSet): string | undefined {
  const external = labels.severity;
  if (external === undefined || !Object.hasOwn(route.severityMap, external)) return undefined;
  return route.severityMap[external];
}
