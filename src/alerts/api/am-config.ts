/**
 * The routing part of the ops config rendered as an Alertmanager configuration file, served as
 * `config.original` by `/api/v2/status`: `amtool config show` prints it and `amtool config
 * routes [test]` walks it. Each route's `notify` list becomes one receiver named after its
 * channels (`ops-webhook,pager`); a route without targets of its own inherits, as in Opsdeck.
 */
import { stringify } from 'yaml';
import type { OpsConfig } from '../../config/index.js';
import { formatDuration } from '../../config/index.js';
import type { RouteSpec } from '../routing/index.js';

const ROOT_RECEIVER = 'opsdeck';

/** The route's own targets as one receiver name, e.g. `ops-webhook,escalation:default`. */
function receiverOf(r: RouteSpec): string | undefined {
  const targets = [...(r.notify ?? []), ...(r.escalation ? [`escalation:${r.escalation}`] : [])];
  return targets.length > 0 ? targets.join(',') : undefined;
}

function amRoute(r: RouteSpec, receivers: Set<string>, root: boolean): Record<string, unknown> {
  const receiver = receiverOf(r) ?? (root ? ROOT_RECEIVER : undefined);
  if (receiver) receivers.add(receiver);
  const out: Record<string, unknown> = {};
  if (receiver) out.receiver = receiver;
  if (r.group_by) out.group_by = r.group_by;
  if (!root && r.continue) out.continue = true;
  if (r.matchers && r.matchers.length > 0) out.matchers = r.matchers;
  if (r.group_wait !== undefined) out.group_wait = formatDuration(r.group_wait);
  if (r.group_interval !== undefined) out.group_interval = formatDuration(r.group_interval);
  if (r.repeat_interval !== undefined) out.repeat_interval = formatDuration(r.repeat_interval);
  if (r.mute_time_intervals?.length) out.mute_time_intervals = r.mute_time_intervals;
  if (r.active_time_intervals?.length) out.active_time_intervals = r.active_time_intervals;
  if (r.routes && r.routes.length > 0)
    out.routes = r.routes.map((child) => amRoute(child, receivers, false));
  return out;
}

export function alertmanagerConfigYaml(config: OpsConfig): string {
  const receivers = new Set<string>();
  const route = amRoute(config.routes, receivers, true);
  const doc: Record<string, unknown> = {
    global: { resolve_timeout: formatDuration(config.alerts.resolve_timeout) },
    route,
    receivers: [...receivers].map((name) => ({ name })),
  };
  if (config.inhibit_rules.length > 0) doc.inhibit_rules = config.inhibit_rules;
  if (config.time_intervals.length > 0) doc.time_intervals = config.time_intervals;
  return stringify(doc);
}
