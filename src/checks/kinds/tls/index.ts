/**
 * `tls` checks: one handshake, then a verdict on the peer certificate's expiry, chain and name.
 * Order of verdicts: expired or not yet valid, chain, name, then days left (fail, then warn).
 */
import { isIP } from 'node:net';
import {
  checkServerIdentity,
  createSecureContext,
  rootCertificates,
  type ConnectionOptions,
  type PeerCertificate,
  type SecureContext,
} from 'node:tls';
import type { CheckSpec } from '../../../config/index.js';
import { AppError } from '../../../errors.js';
import { isoTime } from '../../../lib/time.js';
import type { Probe, ProbeContext, ProbeResult, Prober } from '../../probe.js';
import { readPemFile } from '../http/errors.js';
import { handshake, type Handshake } from './handshake.js';

const DAY_MS = 86_400_000;

/** `CN=api.example.com, O=Example`. */
function formatName(name: PeerCertificate['subject'] | undefined): string {
  if (!name) return '';
  return Object.entries(name)
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join('+') : String(value)}`)
    .join(', ');
}

function days(n: number): string {
  return n === 1 ? '1 day' : `${n} days`;
}

export function judgeCertificate(
  spec: CheckSpec<'tls'>,
  servername: string,
  hs: Handshake,
  now: number,
): ProbeResult {
  const { cert } = hs;
  const validTo = Date.parse(cert.valid_to);
  const validFrom = Date.parse(cert.valid_from);
  if (Number.isNaN(validTo) || Number.isNaN(validFrom)) {
    return { status: 'down', reason: 'no readable certificate presented' };
  }
  const daysLeft = (validTo - now) / DAY_MS;
  const whole = Math.floor(daysLeft);
  const details = {
    expires_at: isoTime(validTo),
    days_left: whole,
    subject: formatName(cert.subject),
    issuer: formatName(cert.issuer),
    valid_from: isoTime(validFrom),
    fingerprint256: cert.fingerprint256,
  };
  const down = (reason: string): ProbeResult => ({
    status: 'down',
    reason,
    details,
    certExpiresAt: validTo,
  });
  if (validTo <= now) return down(`certificate expired on ${isoTime(validTo)}`);
  if (validFrom > now) return down(`certificate not valid before ${isoTime(validFrom)}`);
  if (spec.verify_chain && !hs.authorized) {
    return down(`certificate chain: ${hs.authorizationError ?? 'not trusted'}`);
  }
  if (spec.verify_hostname && checkServerIdentity(servername, cert) !== undefined) {
    return down(`certificate does not match host ${servername}`);
  }
  if (daysLeft < spec.fail_days) {
    return down(`certificate expires in ${days(whole)} (fail below ${spec.fail_days})`);
  }
  if (daysLeft < spec.warn_days) {
    return {
      status: 'degraded',
      reason: `certificate expires in ${days(whole)} (warn below ${spec.warn_days})`,
      details,
      certExpiresAt: validTo,
    };
  }
  return { status: 'up', reason: null, details, certExpiresAt: validTo };
}

/** The default roots plus the check's extra CA. */
function trustingCa(baseDir: string, file: string): SecureContext {
  const pem = readPemFile(baseDir, file, 'tls.ca', 'CA');
  try {
    return createSecureContext({ ca: [...rootCertificates, pem] });
  } catch (error) {
    throw new AppError(
      'bad_request',
      `tls.ca: invalid CA file ${file}: ${(error as Error).message}`,
    );
  }
}

export const tlsProber: Prober<'tls'> = {
  compile: (spec, env): Probe => {
    const servername = spec.servername ?? spec.host;
    const secureContext = spec.ca ? trustingCa(env.baseDir, spec.ca) : undefined;
    const host = spec.host.includes(':') ? `[${spec.host}]` : spec.host;
    const target = `${host}:${spec.port}`;
    const options: ConnectionOptions = {
      host: spec.host,
      port: spec.port,
      // SNI carries names only; an IP address is still checked against the certificate.
      servername: isIP(servername) ? undefined : servername,
      rejectUnauthorized: false,
      checkServerIdentity: () => undefined,
      secureContext,
    };
    return {
      target,
      run: async (ctx: ProbeContext): Promise<ProbeResult> => {
        const started = performance.now();
        const outcome = await handshake(options, target, ctx);
        const latencyMs = Math.round((performance.now() - started) * 10) / 10;
        if ('error' in outcome) return { status: 'down', reason: outcome.error, latencyMs };
        return { ...judgeCertificate(spec, servername, outcome, Date.now()), latencyMs };
      },
    };
  },
};
