/**
 * `/api/v2/summary.json` in Atlassian Statuspage's public shape (page, components with
 * groups, incidents with incident_updates, scheduled_maintenances, status), so existing
 * Statuspage clients and aggregators can read an Opsdeck page unchanged.
 */
import type { PageIncident, PageModel } from '../model.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function incidentJson(m: PageModel, i: PageIncident) {
  return {
    id: String(i.id),
    name: i.title,
    status: i.status,
    created_at: iso(i.createdAt),
    updated_at: iso(i.updatedAt),
    monitoring_at: iso(i.monitoringAt),
    resolved_at: iso(i.resolvedAt),
    impact: i.impact,
    shortlink: `${m.url}/history#incident-${i.id}`,
    started_at: iso(i.startedAt),
    page_id: m.slug,
    incident_updates: i.updates.map((u) => ({
      id: String(u.id),
      status: u.status,
      body: u.body,
      incident_id: String(i.id),
      created_at: iso(u.at),
      updated_at: iso(u.at),
      display_at: iso(u.at),
      affected_components: null,
      deliver_notifications: true,
      custom_tweet: null,
      tweet_id: null,
    })),
    components: i.components.map((id) => componentJson(m, id)),
  };
}

function componentJson(m: PageModel, id: string) {
  const c = m.components.get(id)!;
  return {
    id: c.id,
    name: c.name,
    status: c.status,
    created_at: iso(c.createdAt),
    updated_at: iso(c.updatedAt),
    position: c.position,
    description: c.description,
    showcase: true,
    start_date: null,
    group_id: c.group,
    page_id: m.slug,
    group: false,
    only_show_if_degraded: c.onlyShowIfDegraded,
  };
}

export function summaryJson(m: PageModel): string {
  const groups = [...m.groups.values()].map((g) => ({
    id: g.id,
    name: g.name,
    status: g.status,
    created_at: iso(m.updatedAt),
    updated_at: iso(m.updatedAt),
    position: g.position,
    description: null,
    showcase: false,
    start_date: null,
    group_id: null,
    page_id: m.slug,
    group: true,
    only_show_if_degraded: false,
    components: g.components,
  }));
  const components = [...m.components.keys()].map((id) => componentJson(m, id));
  return JSON.stringify({
    page: {
      id: m.slug,
      name: m.config.title,
      url: m.url,
      time_zone: m.config.time_zone,
      updated_at: iso(m.updatedAt),
    },
    components: [...groups, ...components].sort((a, b) => a.position - b.position),
    incidents: m.active.map((i) => incidentJson(m, i)),
    scheduled_maintenances: m.maintenances.map((w) => ({
      id: w.id,
      name: w.name,
      status: w.status,
      created_at: iso(m.updatedAt),
      updated_at: iso(m.updatedAt),
      monitoring_at: null,
      resolved_at: null,
      impact: 'maintenance',
      shortlink: m.url,
      started_at: iso(w.from),
      page_id: m.slug,
      incident_updates: w.description
        ? [
            {
              id: `${w.id}-1`,
              status: w.status,
              body: w.description,
              incident_id: w.id,
              created_at: iso(m.updatedAt),
              updated_at: iso(m.updatedAt),
              display_at: iso(m.updatedAt),
              affected_components: null,
              deliver_notifications: false,
              custom_tweet: null,
              tweet_id: null,
            },
          ]
        : [],
      components: w.components.map((id) => componentJson(m, id)),
      scheduled_for: iso(w.from),
      scheduled_until: iso(w.until),
    })),
    status: { indicator: m.indicator, description: m.description },
  });
}
