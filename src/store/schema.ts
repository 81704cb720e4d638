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

export interface Database {
  services: ServicesTable;
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
}
