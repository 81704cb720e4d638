/**
 * `dns` checks: one query to one resolver (or the system's), judged on the response code and
 * on values the answer must include. Node's resolver (c-ares) reports response codes as error
 * codes; they are mapped back: ENOTFOUND is NXDOMAIN, ENODATA is NOERROR with no records.
 */
import { Resolver } from 'node:dns/promises';
import net from 'node:net';
import type { CheckSpec } from '../../../config/index.js';
import { AppError } from '../../../errors.js';
import type { Probe, ProbeContext, ProbeResult, Prober } from '../../probe.js';
import { startDeadline, timeoutReason } from '../shared/deadline.js';
import { normalise, queryValues } from './records.js';

/** Node resolver error codes that are answers, with the response code they stand for. */
const RCODE_OF_ERROR: Record<string, string> = {
  ENODATA: 'NOERROR',
  ENOTFOUND: 'NXDOMAIN',
  ESERVFAIL: 'SERVFAIL',
  EREFUSED: 'REFUSED',
  ENOTIMP: 'NOTIMP',
  EFORMERR: 'FORMERR',
};
/** Most answer values shown in a reason. */
const SHOWN_VALUES = 5;

export const dnsProber: Prober<'dns'> = {
  compile(spec): Probe {
    const server = spec.resolver === undefined ? undefined : parseResolver(spec.resolver);
    const wanted = spec.expect.values.map((v) => normalise(spec.type, v));
    return { target: server ?? null, run: (ctx) => runDns(spec, server, wanted, ctx) };
  },
};

/** `IP`, `IP:port`, `[v6]` or `[v6]:port` → the `ip:port` form setServers takes (port 53). */
export function parseResolver(text: string): string {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  const v4 = /^([0-9.]+)(?::(\d+))?$/.exec(text);
  const [, ip = text, portText = '53'] = bracketed ?? v4 ?? [];
  const port = Number(portText);
  if (!net.isIP(ip) || port < 1 || port > 65535)
    throw new AppError('bad_request', `dns check: resolver '${text}' is not an IP[:port]`);
  return net.isIPv6(ip) ? `[${ip}]:${port}` : `${ip}:${port}`;
}

async function runDns(
  spec: CheckSpec<'dns'>,
  server: string | undefined,
  wanted: string[],
  ctx: ProbeContext,
): Promise<ProbeResult> {
  const deadline = startDeadline(ctx);
  const resolver = new Resolver({ timeout: Math.max(1, Math.round(ctx.timeoutMs)), tries: 1 });
  if (server) resolver.setServers([server]);
  const cancel = (): void => resolver.cancel();
  deadline.signal.addEventListener('abort', cancel, { once: true });
  let rcode = 'NOERROR';
  let values: string[] = [];
  try {
    values = await queryValues(resolver, spec.type, spec.name);
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    const mapped = RCODE_OF_ERROR[code];
    if (mapped === undefined) return { status: 'down', reason: failureReason(err, code, ctx) };
    rcode = mapped;
  } finally {
    deadline.signal.removeEventListener('abort', cancel);
    deadline.dispose();
  }
  const details = { rcode, values };
  if (rcode !== spec.expect.rcode)
    return { status: 'down', reason: `${rcode} (expected ${spec.expect.rcode})`, details };
  const missing = wanted.filter((v) => !values.includes(v));
  if (rcode === 'NOERROR' && missing.length > 0) {
    const got = values.length === 0 ? 'no records' : shortList(values);
    return { status: 'down', reason: `answer lacks ${shortList(missing)} (got ${got})`, details };
  }
  return { status: 'up', reason: null, details };
}

/** Reasons for errors that are not answers: timeouts, an unreachable resolver, bad names. */
function failureReason(err: unknown, code: string, ctx: ProbeContext): string {
  switch (code) {
    case 'ETIMEOUT':
    case 'ECANCELLED':
      return `resolver ${timeoutReason(ctx.timeoutMs)}`;
    case 'ECONNREFUSED':
      return 'resolver refused the connection';
    case 'EBADNAME':
      return 'bad name';
    default:
      return `resolver error ${code || (err as Error).message}`;
  }
}

function shortList(values: string[]): string {
  const shown = values.slice(0, SHOWN_VALUES).join(', ');
  return values.length > SHOWN_VALUES ? `${shown}, … (${values.length} in all)` : shown;
}
