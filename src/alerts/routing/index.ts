/** The route tree with Alertmanager semantics: build, match, group. */
export {
  compileRouteTree,
  DEFAULT_TIMINGS,
  ESCALATION_TARGET,
  escalationOf,
  GROUP_BY_ALL,
  walkRoutes,
  type Route,
  type RouteSpec,
} from './route.js';
export { groupKey, groupLabels, mappedSeverity, matchRoutes } from './match.js';
export { compareMatchers, formatLabelSet, formatMatchers, goQuote } from './format.js';
