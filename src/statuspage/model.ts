/** What every renderer of a status page takes: built once per rebuild, never per request. */
import type { StatusPageConfig } from '../config/schema/index.js';
import type { DailySeries } from '../checks/index.js';
import type { ComponentStatus, Impact, Indicator } from './status.js';

export interface PageUpdate {
  id: number;
  at: number;
  /** investigating, identified, monitoring, resolved. */
  status: string;
  /** Markdown source and its safe HTML (src/lib/markdown.ts). */
  body: string;
  html: string;
}

export interface PageIncident {
  id: number;
  title: string;
  /** The latest public update's status. */
  status: string;
  impact: Impact;
  createdAt: number;
  updatedAt: number;
  startedAt: number;
  monitoringAt: number | null;
  resolvedAt: number | null;
  /** Component ids on this page it affects. */
  components: string[];
  /** Newest first. */
  updates: PageUpdate[];
}

export interface PageMaintenance {
  id: string;
  name: string;
  description: string;
  status: 'scheduled' | 'in_progress';
  from: number;
  until: number;
  components: string[];
}

export interface PageComponent {
  id: string;
  name: string;
  description: string | null;
  status: ComponentStatus;
  /** Group id (a slug of the group heading) or null. */
  group: string | null;
  position: number;
  onlyShowIfDegraded: boolean;
  createdAt: number;
  updatedAt: number;
  days: DailySeries | null;
  uptime: number | null;
}

export interface PageGroup {
  id: string;
  name: string;
  position: number;
  status: ComponentStatus;
  components: string[];
}

export interface PageModel {
  slug: string;
  config: StatusPageConfig;
  /** Absolute URL of the page (server.public_url + /status/<slug>). */
  url: string;
  /** Latest change the page shows (an update, a state change, a window). */
  updatedAt: number;
  builtAt: number;
  status: ComponentStatus;
  indicator: Indicator;
  description: string;
  /** Top-level entries in order: components and groups. */
  layout: Array<{ component: string } | { group: string }>;
  components: Map<string, PageComponent>;
  groups: Map<string, PageGroup>;
  /** Unresolved incidents, newest first. */
  active: PageIncident[];
  /** Resolved incidents of the history window, newest first. */
  past: PageIncident[];
  maintenances: PageMaintenance[];
}
