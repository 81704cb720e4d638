import { createHash } from 'node:crypto';
import type { CheckConfig, CheckKind, OpsConfig } from '../config/index.js';
import type { Probe, ProbeResult } from './probe.js';
import { emptyStreaks, type CheckState, type Streaks } from './state.js';

/** The latest run of a check, kept in memory for the API and metrics. */
export interface LastResult extends ProbeResult {
  at: number;
  latencyMs: number;
}

/** One configured check as the engine holds it. */
export interface RuntimeCheck extends CheckDefinition {
  /** Database id (small integer, assigned at sync). */
  id: number;
  kind: CheckKind;
  /** Undefined for heartbeats (no active probe) and for probes that failed to compile. */
  probe: Probe | undefined;
  /** Why compiling failed (the check is down with this reason). */
  compileError: string | null;
  /** Offset of this check's runs inside its interval, so checks spread evenly. */
  phase: number;
  state: CheckState;
  stateSince: number | null;
  stateReason: string | null;
  streaks: Streaks;
  last: LastResult | null;
  /** Time of the last recorded result: results of one check get strictly increasing times. */
  lastAt: number;
  certExpiresAt: number | null;
}

export interface CheckDefinition {
  /** `service/name`: the id in the API and CLI. */
  key: string;
  service: string;
  name: string;
  config: CheckConfig;
  /** Hash of the check's config and its service's base folder: a change recompiles the probe. */
  hash: string;
  /** Service labels, then check labels, then `service`, `check`, `severity`. */
  labels: Record<string, string>;
  severity: string;
  runbook: string | null;
  /** Folder of the YAML that declares the service: relative paths in the check start there. */
  baseDir: string;
}

/** The severity of checks that name none: the least severe that pages, else the first. */
export function defaultSeverity(config: OpsConfig): string {
  const ids = Object.keys(config.severities);
  const paging = ids.filter((id) => config.severities[id]?.page);
  return paging[paging.length - 1] ?? ids[0] ?? 'P1';
}

function hashOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32);
}

/** Spreads checks over their interval by a stable hash of the key (same after a restart). */
export function phaseOf(key: string, every: number): number {
  const h = createHash('sha1').update(key).digest();
  return h.readUInt32BE(0) % Math.max(1, every);
}

/** Every check of the config, in key order. */
export function checkDefinitions(
  config: OpsConfig,
  serviceDirs: Record<string, string>,
): CheckDefinition[] {
  const fallbackSeverity = defaultSeverity(config);
  const out: CheckDefinition[] = [];
  for (const [service, svc] of Object.entries(config.services)) {
    for (const [name, check] of Object.entries(svc.checks)) {
      const severity = check.severity ?? fallbackSeverity;
      const baseDir = serviceDirs[service] ?? process.cwd();
      out.push({
        key: `${service}/${name}`,
        service,
        name,
        config: check,
        hash: hashOf({ check, baseDir }),
        labels: { ...svc.labels, ...check.labels, service, check: name, severity },
        severity,
        runbook: check.runbook ?? svc.runbooks[0] ?? null,
        baseDir,
      });
    }
  }
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * A runtime check as one literal with every field, never a spread plus additions: V8 keeps
 * such objects in fast mode. (Spreading the definition and adding eleven fields pushed 20,000
 * of them into dictionary mode: 32 MB more heap and slower field access on the hot path.)
 */
export function newRuntime(def: CheckDefinition, id: number): RuntimeCheck {
  return {
    id,
    key: def.key,
    service: def.service,
    name: def.name,
    kind: def.config.kind,
    config: def.config,
    hash: def.hash,
    labels: def.labels,
    severity: def.severity,
    runbook: def.runbook,
    baseDir: def.baseDir,
    probe: undefined,
    compileError: null,
    phase: phaseOf(def.key, def.config.every),
    state: 'unknown',
    stateSince: null,
    stateReason: null,
    streaks: emptyStreaks(),
    last: null,
    lastAt: 0,
    certExpiresAt: null,
  };
}
