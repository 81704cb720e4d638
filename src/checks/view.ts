import { isoTime, isoTimeOrNull } from '../lib/time.js';
import { formatDuration } from '../config/index.js';
import type { HeartbeatMonitor } from './heartbeat/monitor.js';
import type { ProbeStatus } from './probe.js';
import type { LastResult, RuntimeCheck } from './runtime.js';

export interface ResultView {
  at: string;
  status: ProbeStatus;
  latency_ms: number;
  reason: string | null;
  details: Record<string, unknown> | null;
}

export function resultView(r: LastResult): ResultView {
  return {
    at: isoTime(r.at),
    status: r.status,
    latency_ms: Math.round(r.latencyMs * 1000) / 1000,
    reason: r.reason,
    details: r.details ?? null,
  };
}

/** A heartbeat check's ping URL, last ping, deadline and open runs; null for other kinds. */
function heartbeatView(c: RuntimeCheck, heartbeats: HeartbeatMonitor, publicUrl: string) {
  if (c.config.kind !== 'heartbeat') return null;
  const s = heartbeats.status(c);
  return {
    ping_url: `${publicUrl}/ping/${c.config.spec.uuid}`,
    last_ping_at: isoTimeOrNull(s.last_ping_at),
    next_deadline: isoTimeOrNull(s.next_deadline),
    running: s.running,
  };
}

/** A check as the API shows it. */
export function checkView(c: RuntimeCheck, heartbeats: HeartbeatMonitor, publicUrl: string) {
  return {
    id: c.key,
    service: c.service,
    name: c.name,
    kind: c.kind,
    state: c.state,
    state_since: isoTimeOrNull(c.stateSince),
    state_reason: c.stateReason,
    every: c.kind === 'heartbeat' ? null : formatDuration(c.config.every),
    timeout: c.kind === 'heartbeat' ? null : formatDuration(c.config.timeout),
    target: c.probe?.target ?? null,
    severity: c.severity,
    labels: c.labels,
    runbook: c.runbook,
    last_result: c.last ? resultView(c.last) : null,
    certificate_expires_at: isoTimeOrNull(c.certExpiresAt),
    heartbeat: heartbeatView(c, heartbeats, publicUrl),
  };
}

export type CheckView = ReturnType<typeof checkView>;
