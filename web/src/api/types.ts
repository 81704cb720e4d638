/** The API shapes the console reads (a hand-kept subset of /api/v1/openapi.json). */

export type Role = 'viewer' | 'responder' | 'admin';

export interface Session {
  actor: { id: string; name: string; role: Role };
  person: string | null;
  /** null for bearer tokens (no session). */
  expires_at: string | null;
  /** null for bearer tokens, which need none. */
  csrf_token: string | null;
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export type ServiceState = 'up' | 'degraded' | 'down' | 'paused' | 'unknown';

export interface OverviewService {
  id: string;
  name: string;
  team: string | null;
  state: ServiceState;
  checks: Record<ServiceState, number> & { total: number };
  uptime_90d: number | null;
  days_from: string;
  days: (number | null)[];
  latency_24h: (number | null)[];
}

export interface Overview {
  generated_at: string;
  total: number;
  services: OverviewService[];
}

export interface PersonRef {
  id: string;
  name: string;
}

export interface OncallNow {
  at: string;
  schedules: { id: string; name: string; on_call: PersonRef[]; until: string | null }[];
  escalation_policies: {
    id: string;
    name: string;
    first_step: { people: PersonRef[]; channels: string[] };
  }[];
}

export type IncidentStatus =
  | 'triggered'
  | 'acknowledged'
  | 'investigating'
  | 'identified'
  | 'monitoring'
  | 'resolved'
  | 'closed';

export const INCIDENT_ROLES = ['commander', 'communications', 'scribe'] as const;
export type IncidentRole = (typeof INCIDENT_ROLES)[number];
export const UPDATE_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;

export interface Incident {
  id: number;
  title: string;
  severity: string | null;
  service: string | null;
  services: string[];
  status: IncidentStatus;
  source: string;
  labels: Record<string, string>;
  started_at: string;
  opened_at: string;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  resolved_at: string | null;
  resolved_by: string | null;
  respond_by: string | null;
  response_breached: boolean;
  summary: string | null;
  roles: Partial<Record<IncidentRole, string>>;
  links: { title: string; url: string }[];
  escalation: {
    policy: string | null;
    step: number;
    round: number;
    steps: number;
    next_at: string | null;
    snoozed_until: string | null;
  };
}

export interface TimelineEntry {
  id: number | null;
  at: string;
  kind: string;
  actor: string | null;
  detail: Record<string, unknown> | null;
  pinned: boolean;
  html?: string;
}

export interface IncidentUpdate {
  id: number;
  at: string;
  status: string;
  message: string;
  author: string;
}

export interface IncidentDetail extends Incident {
  timeline: TimelineEntry[];
  participants: string[];
  updates: IncidentUpdate[];
  runbooks: string[];
}

export interface ActionItem {
  id: number;
  incident: number;
  incident_title: string;
  title: string;
  owner: string | null;
  due_at: string | null;
  url: string | null;
  status: 'open' | 'done';
  overdue: boolean;
  created_at: string;
  created_by: string;
  updated_at: string;
  done_at: string | null;
  done_by: string | null;
}

export interface Postmortem {
  status: string;
  required: boolean;
  due_at: string | null;
  overdue: boolean;
  owner: string | null;
  body: string;
  generated: boolean;
  document: string;
  html: string;
  action_items: ActionItem[];
  updated_at: string | null;
  updated_by: string | null;
  published_at: string | null;
  published_by: string | null;
}

export interface CheckResult {
  at: string;
  status: 'up' | 'degraded' | 'down';
  latency_ms: number;
  reason: string | null;
}

export interface Check {
  id: string;
  service: string;
  name: string;
  kind: string;
  state: ServiceState;
  state_since: string | null;
  state_reason: string | null;
  every: string | null;
  timeout: string | null;
  target: string | null;
  severity: string;
  labels: Record<string, string>;
  runbook: string | null;
  last_result: CheckResult | null;
}

export interface CheckUptime {
  from: string;
  to: string;
  uptime: number | null;
  runs: { up: number; degraded: number; down: number };
  latency_ms: { min: number | null; avg: number | null; max: number | null; p95: number | null };
}

export interface CheckEvent {
  at: string;
  from: string;
  to: string;
  reason: string | null;
}

export interface Alert {
  fingerprint: string;
  state: 'firing' | 'resolved';
  status: 'active' | 'suppressed' | 'unprocessed';
  severity: string | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  starts_at: string;
  ends_at: string;
  silenced_by: string[];
  inhibited_by: string[];
  muted_by: string[];
  suppressed_by: string | null;
  receivers: string[];
}

export interface Matcher {
  name: string;
  type: '=' | '!=' | '=~' | '!~';
  value: string;
}

export interface Silence {
  id: string;
  state: 'active' | 'pending' | 'expired';
  matchers: Matcher[];
  starts_at: string;
  ends_at: string;
  created_by: string;
  comment: string;
}

export interface ScheduleSummary {
  id: string;
  name: string;
  description: string | null;
  timezone: string;
  on_call: PersonRef[];
  until: string | null;
  next_handoff: { at: string; to: PersonRef[] } | null;
  gaps: { start: string; end: string }[];
}

export interface ScheduleDetail extends ScheduleSummary {
  rotations: { index: number; name: string | null; members: PersonRef[] }[];
}

export interface Shift {
  person: string;
  person_name: string;
  start: string;
  end: string;
  source: 'rotation' | 'override';
  override_id: string | null;
}

export interface Shifts {
  schedule: string;
  from: string;
  to: string;
  shifts: Shift[];
  gaps: { start: string; end: string }[];
}

export interface Override {
  id: string;
  schedule: string;
  person: PersonRef;
  replaces: PersonRef | null;
  start: string;
  end: string;
  reason: string | null;
  created_by: string;
}
