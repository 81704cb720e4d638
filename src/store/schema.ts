/**
 * Table types for Kysely. The same shape on SQLite and PostgreSQL:
 * - timestamps are epoch milliseconds (`bigint` on PostgreSQL, parsed to `number`),
 * - JSON values are stored as text and parsed by the domain that owns them,
 * - booleans are 0/1 integers.
 * Keeping one representation means one set of queries and no dialect branches in domains.
 */
import type { Generated } from 'kysely';

export interface ServicesTable {
  id: string;
  name: string;
  description: string | null;
  owner: string | null;
  team: string | null;
  tier: number | null;
  /** JSON array of service ids. */
  depends_on: string;
  /** JSON array of runbook paths or URLs. */
  runbooks: string;
  /** JSON object of string labels. */
  labels: string;
  /** Hash of the service's config, so a sync only writes what changed. */
  config_hash: string;
  created_at: number;
  updated_at: number;
  /** Set when the service left the config; cleared if it comes back. */
  removed_at: number | null;
}

export interface ApiTokensTable {
  id: string;
  name: string;
  role: string;
  /** SHA-256 of the secret, hex. The secret itself is never stored. */
  token_hash: string;
  created_at: number;
  created_by: string;
  last_used_at: number | null;
  expires_at: number | null;
  revoked_at: number | null;
}

/** A signed-in console browser; see migration 0007. */
export interface ConsoleSessionsTable {
  /** SHA-256 of the cookie secret, hex. */
  id: string;
  actor_id: string;
  actor_name: string;
  role: string;
  /** The API token signed in with; revoking it ends the session. */
  token_id: string | null;
  /** The person signed in with a password. */
  person: string | null;
  csrf_token: string;
  created_at: number;
  last_seen_at: number;
  /** Idle deadline; moves forward with use, never past absolute_expires_at. */
  expires_at: number;
  absolute_expires_at: number;
  ended_at: number | null;
}

export interface PersonPasswordsTable {
  person: string;
  /** `scrypt$N$r$p$salt$hash`, base64url parts. */
  password_hash: string;
  updated_at: number;
  updated_by: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: number;
  actor: string;
  action: string;
  target: string | null;
  request_id: string | null;
  /** JSON object, caller-safe (no secrets). */
  details: string | null;
}

export interface ChecksTable {
  /** Small integer id assigned at sync, so result rows stay narrow. */
  id: number;
  /** `service/check`. */
  key: string;
  service: string;
  name: string;
  kind: string;
  config_hash: string;
  /** up | degraded | down | paused | unknown */
  state: string;
  state_since: number | null;
  state_reason: string | null;
  paused: number;
  heartbeat_uuid: string | null;
  /** Heartbeats: time of the last finishing ping (success or failure). */
  last_ping_at: number | null;
  /** Heartbeats: JSON object of runs started and not finished, `{rid: startedAt}`. */
  open_runs: string | null;
  created_at: number;
  updated_at: number;
  removed_at: number | null;
}

export interface CheckResultsTable {
  check_id: number;
  at: number;
  /** 0 up, 1 degraded, 2 down. */
  status: number;
  latency_us: number;
  reason: string | null;
  /** JSON object; only kept for runs that were not up. */
  details: string | null;
}

export interface CheckRollupTable {
  check_id: number;
  /** Start of the minute, hour or day (UTC), epoch ms. */
  bucket: number;
  up: number;
  degraded: number;
  down: number;
  /** Latency figures cover runs that got an answer (up and degraded). */
  lat_min_us: number | null;
  lat_max_us: number | null;
  lat_sum_us: number;
  lat_p95_us: number | null;
}

export interface CheckEventsTable {
  id: Generated<number>;
  check_id: number;
  at: number;
  from_state: string;
  to_state: string;
  reason: string | null;
}

export interface HeartbeatPingsTable {
  check_id: number;
  at: number;
  /** start | success | fail | log | exit */
  event: string;
  exit_status: number | null;
  rid: string | null;
  duration_ms: number | null;
  method: string;
  remote_addr: string | null;
  user_agent: string | null;
  body: string | null;
}

export interface AlertsTable {
  fingerprint: string;
  /** JSON object of label name to value, names sorted. */
  labels: string;
  /** JSON object. */
  annotations: string;
  starts_at: number;
  ends_at: number;
  updated_at: number;
  /** 1 when ends_at came from the resolve timeout rather than the sender. */
  timeout: number;
  generator_url: string;
  /** `check`, `rule`, `api` or `integration:<id>`. */
  source: string;
  acknowledged_at: number | null;
}

export interface SilencesTable {
  /** UUID. */
  id: string;
  /** JSON array of {name, type, value} matchers. */
  matchers: string;
  starts_at: number;
  ends_at: number;
  created_by: string;
  comment: string;
  created_at: number;
  updated_at: number;
}

export interface IncidentsTable {
  id: Generated<number>;
  /** What the incident is about: an alert group key, or `manual:<uuid>`. */
  key: string;
  title: string;
  severity: string | null;
  service: string | null;
  /** triggered, acknowledged, investigating, identified, monitoring, resolved or closed. */
  status: string;
  /** `alerts` or `manual`. */
  source: string;
  /** JSON object: the group's common labels. */
  labels: string;
  policy_id: string | null;
  /** JSON: the escalation policy as it was when the incident opened. */
  policy: string | null;
  /** Next escalation step to run (0-based) and the round (0 = first pass). */
  step: number;
  round: number;
  /** When the next step runs; null when escalation is stopped. */
  next_escalation_at: number | null;
  snoozed_until: number | null;
  opened_at: number;
  acknowledged_at: number | null;
  acknowledged_by: string | null;
  resolved_at: number | null;
  resolved_by: string | null;
  updated_at: number;
  /** When the impact began: the earliest alert, or what the declarer said. */
  started_at: number | null;
  /** First move to `monitoring` (or the resolution); cleared when it goes back to work. */
  mitigated_at: number | null;
  closed_at: number | null;
  closed_by: string | null;
  /** Acknowledge by then (opened + the severity's `respond_within`), else a response breach. */
  respond_by: number | null;
  /** Who declared a `manual` incident. */
  declared_by: string | null;
  summary: string | null;
  /** Customer impact, in words. */
  impact: string | null;
  root_cause: string | null;
  resolution: string | null;
  /** JSON object: role → person id (commander, communications, scribe). */
  roles: Generated<string>;
  /** JSON array of {title, url}. */
  links: Generated<string>;
  /** JSON array: fingerprints of the group's firing alerts (alert incidents). */
  alerts: Generated<string>;
}

/** Affected services of an incident, one row each (filtered by index). */
export interface IncidentServicesTable {
  service: string;
  incident_id: number;
}

export interface IncidentUpdatesTable {
  id: Generated<number>;
  incident_id: number;
  at: number;
  /** Statuspage's words: investigating, identified, monitoring, resolved. */
  status: string;
  message: string;
  author: string;
}

export interface PostmortemsTable {
  incident_id: number;
  /** `draft` or `published`. */
  status: string;
  /** The narrative, markdown; null until first saved (the API then shows a generated draft). */
  body: string | null;
  /** Person id reminded while it is due. */
  owner: string | null;
  /** 1 when the severity requires one (`postmortem_within`). */
  required: number;
  due_at: number | null;
  next_reminder_at: number | null;
  /** Reminders sent so far. */
  reminders: number;
  created_at: number;
  updated_at: number;
  updated_by: string | null;
  published_at: number | null;
  published_by: string | null;
}

export interface ActionItemsTable {
  id: Generated<number>;
  incident_id: number;
  title: string;
  /** Person id. */
  owner: string | null;
  due_at: number | null;
  /** A ticket, for instance. */
  url: string | null;
  /** `open` or `done`. */
  status: string;
  created_at: number;
  created_by: string;
  updated_at: number;
  done_at: number | null;
  done_by: string | null;
}

export interface IncidentEventsTable {
  id: Generated<number>;
  incident_id: number;
  at: number;
  /** e.g. `opened`, `paged`, `escalated`, `acknowledged`, `resolved`, `snoozed`, `reassigned`. */
  kind: string;
  actor: string | null;
  /** JSON object. */
  detail: string | null;
  /** 1 when pinned for the post-mortem. */
  pinned: Generated<number>;
}

export interface ScheduleOverridesTable {
  /** UUID. */
  id: string;
  schedule_id: string;
  /** Who is on call instead. */
  person: string;
  /** Only this person's shifts are covered; null covers whoever is on call. */
  replaces: string | null;
  starts_at: number;
  ends_at: number;
  reason: string | null;
  created_by: string;
  created_at: number;
  deleted_at: number | null;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface NotificationsTable {
  /** UUID. */
  id: string;
  channel: string;
  event: string;
  incident_id: number | null;
  person: string | null;
  /** JSON NotificationMessage. */
  message: string;
  /** JSON array of channel ids to try next when this one fails for good. */
  fallback: string;
  /** `pending`, `sending`, `delivered`, `failed` or `cancelled`. */
  status: string;
  /** 1 when acknowledging or resolving the incident cancels it before its first attempt. */
  cancellable: number;
  attempts: number;
  next_attempt_at: number;
  /** While `sending`: when another instance may take it over. */
  lease_until: number | null;
  created_at: number;
  updated_at: number;
  delivered_at: number | null;
  last_status: number | null;
  last_detail: string | null;
}

export interface NotificationAttemptsTable {
  notification_id: string;
  attempt: number;
  at: number;
  duration_ms: number;
  /** `delivered`, `retry` or `failed`. */
  outcome: string;
  status_code: number | null;
  detail: string | null;
}

export interface Database {
  services: ServicesTable;
  console_sessions: ConsoleSessionsTable;
  person_passwords: PersonPasswordsTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  checks: ChecksTable;
  check_results: CheckResultsTable;
  check_rollup_minute: CheckRollupTable;
  check_rollup_hour: CheckRollupTable;
  check_rollup_day: CheckRollupTable;
  check_rollup_progress: { granularity: string; done_until: number };
  check_events: CheckEventsTable;
  heartbeat_pings: HeartbeatPingsTable;
  alerts: AlertsTable;
  silences: SilencesTable;
  incidents: IncidentsTable;
  incident_events: IncidentEventsTable;
  incident_services: IncidentServicesTable;
  incident_updates: IncidentUpdatesTable;
  postmortems: PostmortemsTable;
  action_items: ActionItemsTable;
  schedule_overrides: ScheduleOverridesTable;
  settings: SettingsTable;
  notifications: NotificationsTable;
  notification_attempts: NotificationAttemptsTable;
}
