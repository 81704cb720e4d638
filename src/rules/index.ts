/**
 * Metric rules: scraping (Prometheus text and OpenMetrics), a PromQL subset evaluated on the
 * official grammar's tree, Prometheus-style alerting rules, and a Prometheus HTTP API client
 * for evaluating the same rules on a real Prometheus. See README.md for the supported subset.
 */
export { RuleEngine, type RuleEngineDeps } from './engine.js';
export type { RuleStatus, RuleAlertStatus } from './status.js';
export type { TargetStatus } from './scrape/pool.js';
export type { RulesConfig } from './runtime.js';
export type { AlertState } from './alerting/rule.js';
export { parseRuleExpr, ruleExprProblem } from './promql/rule-expr.js';
export { parsePromql, PromqlError } from './promql/parse.js';
export { Evaluator } from './promql/eval.js';
export type { Querier, Sample, Series, Value, Labels } from './promql/values.js';
export { SeriesStore } from './storage/series-store.js';
export { parseExposition, ExpositionError, type ParsedSample } from './scrape/exposition.js';
export { compileTemplate, renderTemplate, templateProblem } from './alerting/template.js';
export { ruleRoutes } from './routes.js';
