/**
 * `http` checks: one request (following up to 10 redirects), then assertions on status,
 * latency, headers and body. Everything is compiled once per check (compile.ts); a run is one
 * undici dispatch with a small handler (run.ts), timed per connection (sockets.ts).
 */
import type { Probe, ProbeContext, ProbeEnv, ProbeResult, Prober } from '../../probe.js';
import type { CheckSpec } from '../../../config/index.js';
import { compileHttp, firstHop, type CompiledHttp, type DispatchOptions } from './compile.js';
import { runHttp } from './run.js';

export { createHttpDispatcher } from './sockets.js';

class HttpProbe implements Probe {
  readonly target: string;
  private opts: DispatchOptions | null = null;
  private optsTimeout = -1;

  constructor(private readonly check: CompiledHttp) {
    this.target = check.target;
  }

  run(ctx: ProbeContext): Promise<ProbeResult> {
    if (ctx.timeoutMs !== this.optsTimeout || this.opts === null) {
      this.opts = firstHop(this.check, ctx.timeoutMs);
      this.optsTimeout = ctx.timeoutMs;
    }
    return runHttp(this.check, ctx, this.opts);
  }

  async close(): Promise<void> {
    // destroy, not close: a hung target must not hold up removing its check.
    await this.check.ownAgent?.destroy();
  }
}

export const httpProber: Prober<'http'> = {
  compile: (spec: CheckSpec<'http'>, env: ProbeEnv): Probe => new HttpProbe(compileHttp(spec, env)),
};
