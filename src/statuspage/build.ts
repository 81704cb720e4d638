/**
 * Config + live data → PageModel. Runs on a rebuild (see cache.ts), never per request: check
 * states come from the engine's memory, uptime from the shared DailyUptime cache, incidents
 * from two small indexed queries.
 */
import type { Kysely } from 'kysely';
import type { OpsConfig, StatusPageConfig } from '../config/schema/index.js';
import { componentIdOf } from '../config/schema/status-pages.js';
import type { CheckState, DailyUptime, UptimeFigures } from '../checks/index.js';
import type { Database } from '../store/schema.js';
import { MaintenanceCalendar } from '../alerts/maintenance/index.js';
import { pageIncidents } from './incidents.js';
import { pageMaintenances } from './maintenance.js';
import type { PageComponent, PageGroup, PageModel } from './model.js';
import {
  componentStatus,
  indicatorOf,
  INDICATOR_WORDS,
  overallStatus,
  worst,
  type ComponentStatus,
} from './status.js';

/** What the builder reads from a check (the engine's RuntimeCheck has these). */
export interface CheckView {
  key: string;
  service: string;
  state: CheckState;
  stateSince: number | null;
}

export interface BuildDeps {
  db: Kysely<Database>;
  config: OpsConfig;
  publicUrl: string;
  checks: readonly CheckView[];
  daily: DailyUptime;
  /** When the config was loaded (components' creation time as far as the page knows). */
  loadedAt: number;
  now: number;
}

const HISTORY_MS = 90 * 86_400_000;
const groupId = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'group';

type Entry = StatusPageConfig['components'][number];
type Leaf = Omit<Entry, 'group' | 'components'>;

export async function buildPage(
  slug: string,
  page: StatusPageConfig,
  deps: BuildDeps,
): Promise<PageModel> {
  const { config, now } = deps;
  const byService = new Map<string, CheckView[]>();
  const byKey = new Map<string, CheckView>();
  for (const c of deps.checks) {
    byKey.set(c.key, c);
    byService.set(c.service, [...(byService.get(c.service) ?? []), c]);
  }
  const leaves: Array<{ leaf: Leaf; group: string | null }> = [];
  const layout: PageModel['layout'] = [];
  const groups = new Map<string, PageGroup>();
  for (const entry of page.components) {
    if (entry.group !== undefined) {
      let id = groupId(entry.group);
      while (groups.has(id)) id += '-';
      groups.set(id, {
        id,
        name: entry.group,
        position: layout.length + 1,
        status: 'operational',
        components: [],
      });
      layout.push({ group: id });
      for (const leaf of entry.components ?? []) leaves.push({ leaf, group: id });
    } else {
      // Placed now, not when built below, so components and groups keep the config's order.
      layout.push({ component: entry.id ?? componentIdOf(entry)! });
      leaves.push({ leaf: entry, group: null });
    }
  }
  const checkKeys = leaves.flatMap(({ leaf }) => (leaf.check ? [leaf.check] : []));
  const [serviceUptime, checkUptime] = await Promise.all([
    leaves.some(({ leaf }) => leaf.service)
      ? deps.daily.byService()
      : new Map<string, UptimeFigures>(),
    deps.daily.byCheck(checkKeys),
  ]);
  const maintenance = new MaintenanceCalendar(config.maintenance_windows);
  const inMaintenance = (service: string) =>
    maintenance.activeWindows(service, { service }, now).length > 0;
  const components = new Map<string, PageComponent>();
  const servicesOf = new Map<string, string[]>();
  for (const [i, { leaf, group }] of leaves.entries()) {
    const id = leaf.id ?? componentIdOf(leaf)!;
    const service = leaf.service ?? leaf.check!.split('/')[0]!;
    const checks = leaf.service
      ? (byService.get(leaf.service) ?? [])
      : [byKey.get(leaf.check!)].filter((c) => c !== undefined);
    const figures = leaf.service ? serviceUptime.get(leaf.service) : checkUptime.get(leaf.check!);
    const since = checks.map((c) => c.stateSince ?? 0);
    components.set(id, {
      id,
      name:
        leaf.name ??
        (leaf.service ? (config.services[leaf.service]?.name ?? leaf.service) : leaf.check!),
      description:
        leaf.description ??
        (leaf.service ? (config.services[leaf.service]?.description ?? null) : null),
      status: componentStatus(
        checks.map((c) => c.state),
        inMaintenance(service),
      ),
      group,
      position:
        group === null
          ? layout.findIndex((e) => 'component' in e && e.component === id) + 1
          : i + 1,
      onlyShowIfDegraded: leaf.only_show_if_degraded,
      createdAt: deps.loadedAt,
      updatedAt: Math.max(deps.loadedAt, ...since),
      days: figures?.days ?? null,
      uptime: figures?.uptime ?? null,
    });
    if (group !== null) groups.get(group)!.components.push(id);
    servicesOf.set(service, [...(servicesOf.get(service) ?? []), id]);
  }
  for (const g of groups.values())
    g.status = worst(g.components.map((c) => components.get(c)!.status));
  const componentsOf = (service: string) => servicesOf.get(service) ?? [];
  const incidents = await pageIncidents(
    deps.db,
    [...servicesOf.keys()],
    now - HISTORY_MS,
    Object.keys(config.severities),
    componentsOf,
  );
  const active = incidents.filter((i) => i.resolvedAt === null);
  const past = incidents.filter((i) => i.resolvedAt !== null);
  const maintenances = pageMaintenances(config.maintenance_windows, componentsOf, now);
  const status: ComponentStatus = overallStatus(
    [...components.values()].map((c) => c.status),
    active.map((i) => i.impact),
  );
  const indicator = indicatorOf(status);
  const updatedAt = Math.max(
    deps.loadedAt,
    ...[...components.values()].map((c) => c.updatedAt),
    ...incidents.map((i) => i.updatedAt),
  );
  return {
    slug,
    config: page,
    url: `${deps.publicUrl}/status/${slug}`,
    updatedAt,
    builtAt: now,
    status,
    indicator,
    description: INDICATOR_WORDS[indicator],
    layout,
    components,
    groups,
    active,
    past,
    maintenances,
  };
}
