/**
 * The route tree, built from the config's `routes` with Alertmanager's rules
 * (dispatch/route.go `NewRoute`): a child starts from its parent's options and overrides what
 * it sets. Opsdeck's targets (`notify`, `severity_map`) inherit the same way as Alertmanager's
 * `receiver`; mute and active intervals do not inherit, as in Alertmanager.
 */
import { compileMatcher, type CompiledMatcher } from '../matchers/matcher.js';
import { parseMatchers } from '../matchers/parse.js';
import { compareMatchers, formatMatchers } from './format.js';

/** Alertmanager's `group_by: ['...']`: group by every label. */
export const GROUP_BY_ALL = '...';

/** The root route's timings when the config sets none (Alertmanager's `DefaultRouteOpts`). */
export const DEFAULT_TIMINGS = {
  groupWait: 30_000,
  groupInterval: 5 * 60_000,
  repeatInterval: 4 * 60 * 60_000,
} as const;

/** A route as the config describes it (durations already in ms); unset fields inherit. */
export interface RouteSpec {
  /** Alertmanager matcher strings; each may hold several (`{a="b", c!="d"}`). */
  matchers?: readonly string[] | undefined;
  continue?: boolean | undefined;
  group_by?: readonly string[] | undefined;
  group_wait?: number | undefined;
  group_interval?: number | undefined;
  repeat_interval?: number | undefined;
  /** Channel ids. */
  notify?: readonly string[] | undefined;
  /** Escalation policy id: firing groups open incidents that page through it. */
  escalation?: string | undefined;
  /** `severity` label value (e.g. `critical`) → Opsdeck severity id (e.g. `P1`). */
  severity_map?: Readonly<Record<string, string>> | undefined;
  mute_time_intervals?: readonly string[] | undefined;
  active_time_intervals?: readonly string[] | undefined;
  routes?: readonly RouteSpec[] | undefined;
}

/** A compiled route node. Immutable; build a new tree on config reload. */
export interface Route {
  readonly parent: Route | undefined;
  /**
   * Alertmanager's `Key()`: the matchers of every node from the root, e.g.
   * `{}/{severity=~"P0|P1"}`. Siblings with the same matchers share it.
   */
  readonly key: string;
  /** Alertmanager's `ID()`: the key plus the position among siblings, e.g. `{}/{a="b"}/0`. */
  readonly id: string;
  /** Sorted as Alertmanager sorts them (name, value, type). */
  readonly matchers: readonly CompiledMatcher[];
  readonly continue: boolean;
  readonly groupBy: ReadonlySet<string>;
  readonly groupByAll: boolean;
  readonly groupWait: number;
  readonly groupInterval: number;
  readonly repeatInterval: number;
  readonly notify: readonly string[];
  readonly escalation: string | null;
  /**
   * What a flush of this route's groups notifies: the `notify` channel ids, then
   * `escalation:<policy>` when the route escalates. Channel ids never hold a colon.
   */
  readonly targets: readonly string[];
  readonly severityMap: Readonly<Record<string, string>>;
  readonly muteTimeIntervals: readonly string[];
  readonly activeTimeIntervals: readonly string[];
  readonly routes: readonly Route[];
}

/** Prefix of the target that stands for a route's escalation policy. */
export const ESCALATION_TARGET = 'escalation:';

/** The policy id of an escalation target, or null for a channel id. */
export function escalationOf(target: string): string | null {
  return target.startsWith(ESCALATION_TARGET) ? target.slice(ESCALATION_TARGET.length) : null;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The fields of the root that inherit, before any config: Alertmanager's defaults. */
const ROOT_DEFAULTS = {
  groupBy: new Set<string>(),
  groupByAll: false,
  ...DEFAULT_TIMINGS,
  notify: [] as readonly string[],
  escalation: null as string | null,
  severityMap: {} as Readonly<Record<string, string>>,
};

function build(spec: RouteSpec, parent: Route | undefined, index: number | undefined): Route {
  const base = parent ?? ROOT_DEFAULTS;
  const matchers = (spec.matchers ?? []).flatMap((text) => parseMatchers(text));
  matchers.sort(compareMatchers);
  const key = (parent ? `${parent.key}/` : '') + formatMatchers(matchers);

  let { groupBy, groupByAll } = base;
  // As in Alertmanager, `group_by: []` inherits: only listed labels or `...` change grouping.
  const labels = (spec.group_by ?? []).filter((l) => l !== GROUP_BY_ALL);
  if (labels.length > 0) {
    groupBy = new Set(labels);
    groupByAll = false;
  } else if (spec.group_by?.includes(GROUP_BY_ALL)) {
    groupByAll = true;
  }

  const route: Mutable<Route> = {
    parent,
    key,
    id: index === undefined ? key : `${key}/${index}`,
    matchers: matchers.map(compileMatcher),
    continue: spec.continue ?? false,
    groupBy,
    groupByAll,
    groupWait: spec.group_wait ?? base.groupWait,
    groupInterval: spec.group_interval ?? base.groupInterval,
    repeatInterval: spec.repeat_interval ?? base.repeatInterval,
    notify: spec.notify ?? base.notify,
    escalation: spec.escalation ?? base.escalation,
    targets: [],
    severityMap: spec.severity_map ?? base.severityMap,
    muteTimeIntervals: spec.mute_time_intervals ?? [],
    activeTimeIntervals: spec.active_time_intervals ?? [],
    routes: [],
  };
  route.targets = route.escalation
    ? [...route.notify, `${ESCALATION_TARGET}${route.escalation}`]
    : route.notify;
  route.routes = (spec.routes ?? []).map((child, i) => build(child, route, i));
  return route;
}

/**
 * Builds the tree from the root spec. The config schema has already refused what Alertmanager
 * refuses; the root rules are checked again here because `matchRoutes` relies on them.
 *
 * @throws SyntaxError on a bad matcher, or a root with matchers, `continue` or intervals.
 */
export function compileRouteTree(root: RouteSpec): Route {
  if (root.matchers?.length) throw new SyntaxError('root route must not have any matchers');
  if (root.continue) throw new SyntaxError('cannot have continue in root route');
  if (root.mute_time_intervals?.length)
    throw new SyntaxError('root route must not have any mute time intervals');
  if (root.active_time_intervals?.length)
    throw new SyntaxError('root route must not have any active time intervals');
  return build(root, undefined, undefined);
}

/** Visits every route, parents before children, in config order (Alertmanager's `Walk`). */
export function walkRoutes(root: Route, visit: (route: Route) => void): void {
  visit(root);
  for (const child of root.routes) walkRoutes(child, visit);
}
