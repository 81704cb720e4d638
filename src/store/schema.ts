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

export interface Database {
  services: ServicesTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
}
