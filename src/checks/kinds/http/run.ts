/**
 * One run of an `http` check: a raw undici dispatch with a small handler (no response stream,
 * no header copies), redirects followed by hand, the body kept only when an assertion reads
 * it. Resolves exactly once and never rejects: every failure becomes a down result.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import type { Dispatcher } from 'undici';
import type { ProbeContext, ProbeResult, ProbeStatus } from '../../probe.js';
import { judge } from './assertions.js';
import type { CompiledHttp, DispatchOptions } from './compile.js';
import { describeNetError, formatMs } from './errors.js';
import { followRedirect, isRedirect, MAX_REDIRECTS } from './redirects.js';
import { buildResult, type RunFacts } from './result.js';
import { awaitSocket, noteCertExpiry, socketInfo, type SocketInfo } from './sockets.js';

/** An unread body is discarded up to this size; past it the connection is dropped instead. */
const DISCARD_LIMIT = 1 << 20;
const BODY_LIMIT = new Error('body limit reached');
const TIMED_OUT = new Error('run timed out');
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function runHttp(
  check: CompiledHttp,
  ctx: ProbeContext,
  opts: DispatchOptions,
): Promise<ProbeResult> {
  return new Promise((resolve) => new HttpRun(check, ctx, opts, resolve).start());
}

class HttpRun implements Dispatcher.DispatchHandler, RunFacts {
  // Read by the socket channel (origin) and by buildResult (the rest).
  origin: string;
  readonly startedAt = performance.now();
  url: URL;
  redirects = 0;
  /** The current hop's connection. */
  info: SocketInfo | null = null;
  reused = false;
  statusCode = 0;
  firstByteAt = 0;
  private done = false;
  private retried = false;
  private controller: Dispatcher.DispatchController | null = null;
  private headers: IncomingHttpHeaders | null = null;
  private location: string | null = null;
  private chunks: Buffer[] | null = null;
  private bytes = 0;
  private truncated = false;

  constructor(
    private readonly check: CompiledHttp,
    private readonly ctx: ProbeContext,
    private opts: DispatchOptions,
    private readonly resolve: (result: ProbeResult) => void,
  ) {
    this.origin = check.origin;
    this.url = check.url;
  }

  start(): void {
    if (this.ctx.signal.aborted) return this.handleEvent();
    this.ctx.signal.addEventListener('abort', this);
    try {
      this.dispatch();
    } catch (error) {
      this.finish('down', describeNetError(error, this.url.host), performance.now());
    }
  }

  /** The run's AbortSignal fired (timeout, or the engine closing). */
  handleEvent(): void {
    this.finish('down', `timeout after ${formatMs(this.ctx.timeoutMs)}`, performance.now());
    this.controller?.abort(TIMED_OUT);
  }

  private dispatch(): void {
    this.controller = null;
    this.info = null;
    this.reused = false;
    this.statusCode = 0;
    this.firstByteAt = 0;
    this.headers = null;
    this.location = null;
    this.chunks = null;
    this.bytes = 0;
    this.truncated = false;
    this.check.dispatcher.dispatch(this.opts, this);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    if (this.done) return controller.abort(TIMED_OUT);
    this.controller = controller;
    awaitSocket(this);
  }

  /** From the `sendHeaders` channel (see sockets.ts): the socket carrying this request. */
  onSocket(socket: Socket): void {
    const info = socketInfo(socket);
    this.info = info;
    this.reused = info.uses > 0;
    if (info.uses++ === 0) noteCertExpiry(socket, info);
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: IncomingHttpHeaders,
  ): void {
    if (this.done || statusCode < 200) return;
    this.firstByteAt = performance.now();
    this.statusCode = statusCode;
    this.headers = headers;
    if (this.check.follow && isRedirect(statusCode)) {
      const location = headers.location;
      this.location = (Array.isArray(location) ? location[0] : location) ?? null;
      if (this.location !== null) return;
    }
    if (this.check.needBody) this.chunks = [];
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.done) return;
    const chunks = this.chunks;
    if (chunks === null) {
      this.bytes += chunk.length;
      if (this.bytes > DISCARD_LIMIT) controller.abort(BODY_LIMIT);
      return;
    }
    const room = this.check.maxBody - this.bytes;
    if (chunk.length <= room) {
      chunks.push(chunk);
      this.bytes += chunk.length;
      return;
    }
    if (room > 0) chunks.push(chunk.subarray(0, room));
    this.bytes += room;
    this.truncated = true;
    controller.abort(BODY_LIMIT);
  }

  onResponseEnd(): void {
    if (this.done) return;
    if (this.location !== null) return this.redirect(this.location);
    this.complete();
  }

  onResponseError(_controller: Dispatcher.DispatchController | undefined, error: Error): void {
    if (this.done) return;
    if (error === BODY_LIMIT)
      return this.location !== null ? this.redirect(this.location) : this.complete();
    const code = (error as { code?: unknown }).code;
    if (code === 'UND_ERR_SOCKET' && this.statusCode === 0 && this.reused && !this.retried) {
      // A kept-alive connection the server had just closed: retry once on a fresh one.
      if (SAFE_METHODS.has(this.opts.method)) {
        this.retried = true;
        return this.dispatch();
      }
    }
    let reason: string;
    if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
      reason = `timeout after ${formatMs(this.ctx.timeoutMs)}`;
    } else if (code === 'UND_ERR_SOCKET' && this.statusCode !== 0) {
      reason = 'connection closed before end of body';
    } else {
      reason = describeNetError(error, this.url.host);
    }
    this.finish('down', reason, performance.now());
  }

  private redirect(location: string): void {
    if (this.redirects >= MAX_REDIRECTS) {
      return this.finish('down', `too many redirects (${MAX_REDIRECTS})`, performance.now());
    }
    const next = followRedirect(this.url, this.opts, this.statusCode, location);
    if (typeof next === 'string') return this.finish('down', next, performance.now());
    this.redirects++;
    this.url = next.url;
    this.origin = next.opts.origin;
    this.opts = next.opts;
    // undici frees a kept-alive socket one event-loop turn after a response; waiting as long
    // lets a same-origin hop reuse the connection instead of opening another.
    setImmediate(() => {
      if (!this.done) this.dispatch();
    });
  }

  private complete(): void {
    const end = performance.now();
    const verdict = judge(this.check, {
      statusCode: this.statusCode,
      headers: this.headers ?? {},
      body: this.chunks === null ? null : Buffer.concat(this.chunks, this.bytes),
      truncated: this.truncated,
      totalMs: end - this.startedAt,
    });
    this.finish(verdict.status, verdict.reason, end);
  }

  private finish(status: ProbeStatus, reason: string | null, end: number): void {
    if (this.done) return;
    this.done = true;
    this.ctx.signal.removeEventListener('abort', this);
    try {
      this.resolve(buildResult(status, reason, this, end));
    } catch (error) {
      // A bug here must still settle the run.
      this.resolve({ status: 'down', reason: `probe error: ${(error as Error).message}` });
    }
  }
}
