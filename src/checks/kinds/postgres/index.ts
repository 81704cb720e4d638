/**
 * `postgres` checks: a fresh connection per run (no pool: a pool would hide a server that
 * stopped accepting connections), one query, then a clean goodbye. TLS follows the URL's
 * `sslmode`/`ssl*` parameters, interpreted by `pg` as usual.
 */
import net from 'node:net';
import pg from 'pg';
import type { CheckSpec } from '../../../config/index.js';
import { AppError } from '../../../errors.js';
import type { Probe, ProbeContext, ProbeResult, Prober } from '../../probe.js';
import {
  errorReason,
  hostPort,
  redact,
  startDeadline,
  timeoutReason,
  type Deadline,
} from '../shared/deadline.js';

/** How long a healthy server gets to acknowledge the goodbye before the socket is cut. */
const END_GRACE_MS = 1000;

interface Target {
  hostPort: string;
  password: string | undefined;
}

export const postgresProber: Prober<'postgres'> = {
  compile(spec): Probe {
    const target = parsePostgresUrl(spec.url);
    return { target: target.hostPort, run: (ctx) => runPostgres(spec, target, ctx) };
  },
};

/** Reads what the probe needs from the URL; errors never repeat it (it holds the password). */
function parsePostgresUrl(raw: string): Target {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError('bad_request', 'postgres check: url is not a valid URL');
  }
  let password: string | undefined;
  try {
    password = url.password ? decodeURIComponent(url.password) : undefined;
  } catch {
    throw new AppError('bad_request', 'postgres check: bad %-escape in the url password');
  }
  const host =
    url.hostname.replace(/^\[(.*)\]$/, '$1') || url.searchParams.get('host') || 'localhost';
  const port = Number(url.port || url.searchParams.get('port') || 5432);
  return { hostPort: host.startsWith('/') ? host : hostPort(host, port), password };
}

type Outcome = { ok: true; rows: number | null } | { ok: false; reason: string };

async function runPostgres(
  spec: CheckSpec<'postgres'>,
  target: Target,
  ctx: ProbeContext,
): Promise<ProbeResult> {
  const deadline = startDeadline(ctx);
  const timeout = Math.max(1, Math.round(ctx.timeoutMs));
  let socket: net.Socket | undefined;
  const client = new pg.Client({
    connectionString: spec.url,
    connectionTimeoutMillis: timeout,
    query_timeout: timeout,
    statement_timeout: timeout,
    application_name: 'opsdeck-check',
    // Our own socket, so that a run that times out can cut it whatever phase pg is in.
    stream: () => (socket = new net.Socket()),
  });
  client.on('error', () => {}); // a connection lost after the run must not crash the process
  const details: Record<string, unknown> = {};
  let phase = 'connecting';
  const started = performance.now();
  const work = (async (): Promise<Outcome> => {
    await client.connect();
    details.connect_ms = Math.round(performance.now() - started);
    phase = 'running the query';
    const result = (await client.query(spec.query)) as pg.QueryResult | pg.QueryResult[];
    const last = Array.isArray(result) ? result.at(-1) : result;
    return { ok: true, rows: last?.rowCount ?? null };
  })().catch((err: unknown): Outcome => ({ ok: false, reason: pgReason(err, phase, ctx) }));

  const outcome = await Promise.race([work, timedOut(deadline, () => phase, ctx)]);
  deadline.dispose();
  if (deadline.signal.aborted) socket?.destroy();
  else await endGracefully(client, () => socket?.destroy());
  if (!outcome.ok)
    return { status: 'down', reason: redact(outcome.reason, target.password), details };
  return { status: 'up', reason: null, details: { ...details, rows: outcome.rows } };
}

/** Settles with a timeout outcome when the deadline passes. */
function timedOut(deadline: Deadline, phase: () => string, ctx: ProbeContext): Promise<Outcome> {
  return new Promise((resolve) => {
    const fire = (): void =>
      resolve({ ok: false, reason: `${timeoutReason(ctx.timeoutMs)} ${phase()}` });
    if (deadline.signal.aborted) fire();
    else deadline.signal.addEventListener('abort', fire, { once: true });
  });
}

/** Sends Terminate and waits a little for the server to close; then cuts the socket anyway. */
async function endGracefully(client: pg.Client, cut: () => void): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    client.end().catch(() => {}),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, END_GRACE_MS))),
  ]);
  clearTimeout(timer);
  cut();
}

/**
 * Server errors as `message (SQLSTATE code)`; pg's own timeouts in the probe's words; network
 * errors as Node words them. Never the connection string.
 */
function pgReason(err: unknown, phase: string, ctx: ProbeContext): string {
  const message = errorReason(err);
  if (message === 'timeout expired' || message === 'Query read timeout')
    return `${timeoutReason(ctx.timeoutMs)} ${phase}`;
  const { code, severity } = err as { code?: unknown; severity?: unknown };
  return severity !== undefined && typeof code === 'string'
    ? `${message} (SQLSTATE ${code})`
    : message;
}
