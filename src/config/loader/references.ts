/**
 * Cross-reference checks: every id a config names must exist, dependencies must not loop, and
 * integration keys must be unique. Each error points at the offending value.
 */
import { DEFAULT_SEVERITIES } from '../schema/severities.js';
import { describeOrigin, didYouMean } from './describe.js';
import type { ConfigIssue, Loc } from './issue.js';
import { formatPath, type Path } from './paths.js';
import { isRawMap, mapEntries, sectionIds, stringItems } from './raw.js';
import type { SourceNode } from './source-map.js';
import { checkOncallReferences } from './oncall-references.js';
import { checkScheduleReferences } from './schedules.js';
import { checkStatusPageReferences } from './status-page-references.js';

export interface Ctx {
  data: unknown;
  source: SourceNode;
  fallback: Loc;
  issues: ConfigIssue[];
}

export function report(ctx: Ctx, path: Path, message: string): void {
  const loc = ctx.source.locate(path) ?? ctx.fallback;
  ctx.issues.push({ ...loc, path: formatPath(path), message });
}

/** Checks that the id at `path` is one of `section`'s ids. */
export function checkRef(ctx: Ctx, path: Path, id: unknown, kind: string, section: string): void {
  if (typeof id !== 'string') return;
  // O(1) for the common case; the id list (for "did you mean") only when the id is unknown.
  const map = isRawMap(ctx.data) ? ctx.data[section] : undefined;
  if (isRawMap(map) && Object.hasOwn(map, id)) return;
  const ids = sectionIds(ctx.data, section);
  const origin = ctx.source.find(path)?.origin;
  const named = origin ? `(${describeOrigin(origin)})` : `'${id}'`;
  report(ctx, path, `unknown ${kind} ${named}: not defined under ${section}${didYouMean(id, ids)}`);
}

function checkTeams(ctx: Ctx): void {
  for (const [id, team] of mapEntries(ctx.data, 'teams')) {
    for (const [i, member] of stringItems(team.members)) {
      checkRef(ctx, ['teams', id, 'members', i], member, 'person', 'people');
    }
    checkRef(ctx, ['teams', id, 'lead'], team.lead, 'person', 'people');
  }
}

function checkServices(ctx: Ctx): void {
  for (const [id, service] of mapEntries(ctx.data, 'services')) {
    checkRef(ctx, ['services', id, 'owner'], service.owner, 'person', 'people');
    checkRef(ctx, ['services', id, 'team'], service.team, 'team', 'teams');
    for (const [i, dep] of stringItems(service.depends_on)) {
      const path = ['services', id, 'depends_on', i];
      if (dep === id) report(ctx, path, `service '${id}' cannot depend on itself`);
      else checkRef(ctx, path, dep, 'service', 'services');
    }
  }
}

/** Reports each distinct dependency cycle once, at the `depends_on` entry that closes it. */
function checkCycles(ctx: Ctx): void {
  const graph = new Map(
    mapEntries(ctx.data, 'services').map(([id, s]) => [id, stringItems(s.depends_on)] as const),
  );
  const state = new Map<string, 'active' | 'done'>();
  const stack: string[] = [];
  const reported = new Set<string>();
  const visit = (id: string): void => {
    state.set(id, 'active');
    stack.push(id);
    for (const [i, dep] of graph.get(id) ?? []) {
      if (dep === id || !graph.has(dep)) continue; // reported by checkServices
      if (state.get(dep) === 'active') {
        const cycle = stack.slice(stack.indexOf(dep));
        // The same loop found from another start is the same cycle: key it by its members.
        const key = [...cycle].sort().join('\0');
        if (!reported.has(key)) {
          reported.add(key);
          const ring = [...cycle, dep].join(' → ');
          report(ctx, ['services', id, 'depends_on', i], `dependency cycle: ${ring}`);
        }
      } else if (!state.has(dep)) visit(dep);
    }
    stack.pop();
    state.set(id, 'done');
  };
  for (const id of graph.keys()) if (!state.has(id)) visit(id);
}

/** The severity ids in force: those declared, or the handbook defaults when none are. */
export function severityIds(ctx: Ctx): string[] {
  const declared = sectionIds(ctx.data, 'severities');
  return declared.length > 0 ? declared : Object.keys(DEFAULT_SEVERITIES);
}

/** Check severities name a severity (the handbook defaults when none are declared); ping keys are unique. */
function checkChecks(ctx: Ctx): void {
  const severities = severityIds(ctx);
  const uuids = new Map<string, string>();
  for (const [id, service] of mapEntries(ctx.data, 'services')) {
    if (!isRawMap(service.checks)) continue;
    for (const [name, check] of Object.entries(service.checks)) {
      if (!isRawMap(check)) continue;
      const base = ['services', id, 'checks', name];
      const severity = check.severity;
      if (typeof severity === 'string' && !severities.includes(severity))
        report(
          ctx,
          [...base, 'severity'],
          `unknown severity '${severity}': not defined under severities${didYouMean(severity, severities)}`,
        );
      const uuid = isRawMap(check.heartbeat) ? check.heartbeat.uuid : undefined;
      if (typeof uuid !== 'string') continue;
      const key = uuid.toLowerCase();
      const first = uuids.get(key);
      if (first === undefined) uuids.set(key, `services.${id}.checks.${name}`);
      else
        report(
          ctx,
          [...base, 'heartbeat', 'uuid'],
          `same uuid as ${first}; ping uuids must be unique`,
        );
    }
  }
}

function checkIntegrations(ctx: Ctx): void {
  const byKey = new Map<string, string>();
  for (const [id, integration] of mapEntries(ctx.data, 'integrations')) {
    checkRef(ctx, ['integrations', id, 'service'], integration.service, 'service', 'services');
    const key = integration.key;
    if (typeof key !== 'string') continue;
    const first = byKey.get(key);
    if (first === undefined) {
      byKey.set(key, id);
      continue;
    }
    // Never print the key itself: it is a secret.
    const at = ctx.source.locate(['integrations', first, 'key']);
    const where = at ? ` (${at.file}:${at.line}:${at.col})` : '';
    report(
      ctx,
      ['integrations', id, 'key'],
      `same key as integrations.${first}${where}; integration keys must be unique`,
    );
  }
}

/**
 * What a channel needs to receive alert groups, which are sent to no person: the address it
 * would otherwise take from the person paged. Without it every group would fail at delivery.
 */
const GROUP_TARGET_FIELDS: Record<string, { field: string; person: string }> = {
  email: { field: 'to', person: 'email' },
  telegram: { field: 'chat_id', person: 'telegram_chat_id' },
};

function checkGroupChannel(ctx: Ctx, path: Path, id: string): void {
  const channels = isRawMap(ctx.data) ? ctx.data.channels : undefined;
  const channel = isRawMap(channels) ? channels[id] : undefined;
  if (!isRawMap(channel) || typeof channel.type !== 'string') return;
  const needs = GROUP_TARGET_FIELDS[channel.type];
  if (needs && channel[needs.field] === undefined)
    report(
      ctx,
      path,
      `channel '${id}' (${channel.type}) has no \`${needs.field}\`; routes send alert groups to no person, so set channels.${id}.${needs.field} (people are reached at their own \`${needs.person}\` through escalation)`,
    );
}

/**
 * Routes name channels, severities (`severity_map` values) and `time_intervals` entries, at any
 * depth of the tree.
 */
function checkRoutes(ctx: Ctx): void {
  const severities = severityIds(ctx);
  const list = isRawMap(ctx.data) ? ctx.data.time_intervals : undefined;
  const intervals = (Array.isArray(list) ? list : []).flatMap((entry) =>
    isRawMap(entry) && typeof entry.name === 'string' ? [entry.name] : [],
  );
  const visit = (route: unknown, path: Path): void => {
    if (!isRawMap(route)) return;
    checkRef(
      ctx,
      [...path, 'escalation'],
      route.escalation,
      'escalation policy',
      'escalation_policies',
    );
    for (const [i, channel] of stringItems(route.notify)) {
      checkRef(ctx, [...path, 'notify', i], channel, 'channel', 'channels');
      checkGroupChannel(ctx, [...path, 'notify', i], channel);
    }
    if (isRawMap(route.severity_map))
      for (const [external, severity] of Object.entries(route.severity_map))
        if (typeof severity === 'string' && !severities.includes(severity))
          report(
            ctx,
            [...path, 'severity_map', external],
            `unknown severity '${severity}': not defined under severities${didYouMean(severity, severities)}`,
          );
    // The root may not name intervals at all; the schema says so, once.
    const keys = path.length > 1 ? ['mute_time_intervals', 'active_time_intervals'] : [];
    for (const key of keys)
      for (const [i, name] of stringItems(route[key]))
        if (!intervals.includes(name))
          report(
            ctx,
            [...path, key, i],
            `unknown time interval '${name}': not defined under time_intervals${didYouMean(name, intervals)}`,
          );
    if (Array.isArray(route.routes))
      route.routes.forEach((child, i) => visit(child, [...path, 'routes', i]));
  };
  visit(isRawMap(ctx.data) ? ctx.data.routes : undefined, ['routes']);
}

function checkMaintenanceWindows(ctx: Ctx): void {
  for (const [id, window] of mapEntries(ctx.data, 'maintenance_windows'))
    for (const [i, service] of stringItems(window.services))
      checkRef(ctx, ['maintenance_windows', id, 'services', i], service, 'service', 'services');
}

/** Metric rules name a severity and maybe a service; scrape targets maybe a service. */
function checkAlertRules(ctx: Ctx): void {
  const severities = severityIds(ctx);
  const rules = isRawMap(ctx.data) ? ctx.data.alert_rules : undefined;
  (Array.isArray(rules) ? rules : []).forEach((rule, i) => {
    if (!isRawMap(rule)) return;
    checkRef(ctx, ['alert_rules', i, 'service'], rule.service, 'service', 'services');
    const severity = rule.severity;
    if (typeof severity === 'string' && !severities.includes(severity))
      report(
        ctx,
        ['alert_rules', i, 'severity'],
        `unknown severity '${severity}': not defined under severities${didYouMean(severity, severities)}`,
      );
  });
  const metrics = isRawMap(ctx.data) ? ctx.data.metrics : undefined;
  for (const [id, target] of mapEntries(metrics, 'scrape'))
    checkRef(ctx, ['metrics', 'scrape', id, 'service'], target.service, 'service', 'services');
}

/** Runs every synchronous cross-reference check over the merged data. */
export function checkReferences(data: unknown, source: SourceNode, fallback: Loc): ConfigIssue[] {
  const ctx: Ctx = { data, source, fallback, issues: [] };
  if (!isRawMap(data)) return [];
  checkTeams(ctx);
  checkServices(ctx);
  checkCycles(ctx);
  checkChecks(ctx);
  checkIntegrations(ctx);
  checkRoutes(ctx);
  checkMaintenanceWindows(ctx);
  checkAlertRules(ctx);
  checkOncallReferences(ctx);
  checkScheduleReferences(ctx);
  checkStatusPageReferences(ctx);
  return ctx.issues;
}
