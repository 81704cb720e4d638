/**
 * The one deadline of a run: aborted by the runner's signal or by our own timer at
 * `ctx.timeoutMs`, whichever comes first, so a probe ends on time even if the runner's signal
 * is late. Shared by the socket-based kinds (tcp, redis, postgres) and by dns and command.
 */
import { formatDuration } from '../../../config/index.js';
import type { ProbeContext } from '../../probe.js';

export interface Deadline {
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  /** Stops the timer and detaches from the runner's signal; call when the run ends. */
  dispose(): void;
}

export function startDeadline(ctx: ProbeContext): Deadline {
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  if (ctx.signal.aborted) abort();
  else ctx.signal.addEventListener('abort', abort, { once: true });
  const timer = setTimeout(abort, ctx.timeoutMs);
  return {
    signal: controller.signal,
    timeoutMs: ctx.timeoutMs,
    dispose: () => {
      clearTimeout(timer);
      ctx.signal.removeEventListener('abort', abort);
    },
  };
}

/** `timeout after 5s`, `timeout after 1s500ms` (durations written as in the config). */
export function timeoutReason(timeoutMs: number): string {
  return `timeout after ${formatDuration(Math.max(0, Math.round(timeoutMs)))}`;
}

/** A target problem with the reason to report; runs turn it into a down result. */
export class ProbeFailure extends Error {
  override readonly name = 'ProbeFailure';
}

/**
 * The reason for a Node error, e.g. `connect ECONNREFUSED 127.0.0.1:6379`. With several
 * addresses to try (autoSelectFamily), Node reports an AggregateError whose own message is
 * empty: its parts are listed instead.
 */
export function errorReason(err: unknown): string {
  if (err instanceof AggregateError && !err.message) {
    const parts = err.errors.map((e: unknown) => errorReason(e));
    return [...new Set(parts)].join('; ') || 'connection failed';
  }
  if (err instanceof Error) return err.message || (err as { code?: string }).code || err.name;
  return String(err);
}

/** `host:port`, with IPv6 addresses in brackets. */
export function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Replaces a secret wherever it appears (a server echoing a password must not leak it). */
export function redact(text: string, secret: string | undefined): string {
  return secret && secret.length >= 3 ? text.split(secret).join('***') : text;
}
