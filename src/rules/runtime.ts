/**
 * Config → what the engine runs: compiled rule definitions, scrape target settings, the series
 * filter built from every rule's selectors, and how much history the store must keep.
 */
import type { AlertRuleConfig, MetricsConfig } from '../config/schema/index.js';
import { compileTemplate } from './alerting/template.js';
import type { RuleDefinition } from './alerting/rule.js';
import { DEFAULT_LOOKBACK_MS } from './promql/eval.js';
import { parseRuleExpr } from './promql/rule-expr.js';
import { longestReach, selectorsOf, SeriesFilter } from './scrape/filter.js';
import type { TargetSettings } from './scrape/target.js';

/** The parts of the ops config the rule engine reads. */
export interface RulesConfig {
  metrics: MetricsConfig;
  alert_rules: AlertRuleConfig[];
}

const MAX_POINTS_PER_SERIES = 100_000;

function templates(map: Record<string, string>) {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k, compileTemplate(v)]));
}

/** Every configured rule compiled (templates parsed once). */
export function ruleDefinitions(config: RulesConfig): RuleDefinition[] {
  return config.alert_rules.map((r) => ({
    name: r.name,
    expr: r.expr,
    forMs: r.for,
    keepFiringForMs: r.keep_firing_for,
    severity: r.severity,
    service: r.service,
    runbook: r.runbook,
    labels: templates(r.labels),
    annotations: templates(r.annotations),
  }));
}

/** A stable identity for a rule: a reload keeps the state of rules whose identity is unchanged. */
export function ruleKey(r: AlertRuleConfig): string {
  return JSON.stringify([
    r.name,
    r.expr,
    r.for,
    r.keep_firing_for,
    r.severity,
    r.service,
    r.labels,
    r.annotations,
    r.runbook,
  ]);
}

/** The scrape targets, with their job names. */
export function targetSettings(config: RulesConfig): TargetSettings[] {
  return Object.entries(config.metrics.scrape).map(([job, t]) => ({
    job,
    url: t.url,
    every: t.every,
    timeout: t.timeout,
    bodyLimit: t.body_limit,
    labels: t.labels,
    service: t.service,
  }));
}

/** What the local store keeps: which series, for how long, how many points each. */
export interface StorePlan {
  filter: SeriesFilter;
  retentionMs: number;
  capacity: number;
}

/** Keep what the rules select, for as long as their longest range, offset and lookback reach. */
export function storePlan(config: RulesConfig): StorePlan {
  const exprs = config.alert_rules.map((r) => parseRuleExpr(r.expr).expr);
  const filter = new SeriesFilter(exprs.flatMap((e) => selectorsOf(e)));
  const reach = Math.max(0, ...exprs.map(longestReach));
  const retentionMs = reach + DEFAULT_LOOKBACK_MS + config.metrics.evaluation_interval;
  const fastest = Math.min(60_000, ...Object.values(config.metrics.scrape).map((t) => t.every));
  // One point per scrape over the retention, plus slack for jitter and explicit timestamps.
  const capacity = Math.min(MAX_POINTS_PER_SERIES, Math.ceil(retentionMs / fastest) + 16);
  return { filter, retentionMs, capacity };
}
