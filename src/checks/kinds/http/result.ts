/** The ProbeResult of an `http` run: verdict, timings, certificate expiry, redirects. */
import { isoTime } from '../../../lib/time.js';
import type { ProbeResult, ProbeStatus } from '../../probe.js';
import { roundMs } from './errors.js';
import type { SocketInfo } from './sockets.js';

export interface RunFacts {
  startedAt: number;
  /** 0 when no response arrived. */
  statusCode: number;
  /** 0 when no response arrived. */
  firstByteAt: number;
  /** The final hop's connection, null when none was made. */
  info: SocketInfo | null;
  /** The final hop went over a kept-alive connection. */
  reused: boolean;
  redirects: number;
  url: URL;
}

/** A connection phase for `details.timings`: 0 on a reused connection, null when unknown. */
function phase(info: SocketInfo | null, reused: boolean, ms: number | null | undefined) {
  if (info === null) return null;
  if (reused) return 0;
  return ms === null || ms === undefined ? null : roundMs(ms);
}

export function buildResult(
  status: ProbeStatus,
  reason: string | null,
  f: RunFacts,
  end: number,
): ProbeResult {
  const total = roundMs(end - f.startedAt);
  const { info, reused } = f;
  const details: Record<string, unknown> = {
    status_code: f.statusCode === 0 ? null : f.statusCode,
    timings: {
      dns: phase(info, reused, info?.dns),
      connect: phase(info, reused, info?.connect),
      tls: phase(info, reused, info?.tls),
      first_byte: f.firstByteAt === 0 ? null : roundMs(f.firstByteAt - f.startedAt),
      total,
    },
  };
  if (f.redirects > 0) {
    details.redirects = f.redirects;
    details.url = f.url.href;
  }
  const result: ProbeResult = { status, reason, latencyMs: total, details };
  const expires = info?.certExpiresAt;
  if (typeof expires === 'number') {
    result.certExpiresAt = expires;
    details.cert_expires_at = isoTime(expires);
  }
  return result;
}
