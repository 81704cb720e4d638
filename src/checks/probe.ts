/**
 * The contract between the scheduler and the check kinds. A kind compiles a check's settings
 * once into a Probe (URLs parsed, assertions compiled, files read); the scheduler then calls
 * `run` at every due time. Runs never throw for target problems: they resolve with a down
 * result whose reason says precisely what went wrong.
 */
import type { Dispatcher } from 'undici';
import type { CheckKind, CheckSpec } from '../config/index.js';

export type ProbeStatus = 'up' | 'degraded' | 'down';

export interface ProbeResult {
  status: ProbeStatus;
  /**
   * Why the run was not up, in a few words an operator acts on: `HTTP 503 (expected 200-399)`,
   * `connect ECONNREFUSED 127.0.0.1:8000`, `$.status == "ok": got "degraded"`,
   * `certificate expires in 3 days (fail below 7)`. Null when up.
   */
  reason: string | null;
  /** Total time of the run in ms; the runner measures it when the probe leaves it out. */
  latencyMs?: number;
  /** Kind-specific facts worth showing (phase timings, resolved values, exit code, output). */
  details?: Record<string, unknown>;
  /** Expiry of the TLS certificate the probe saw (epoch ms), for certificate metrics. */
  certExpiresAt?: number;
}

export interface ProbeContext {
  /** Aborted when the run reaches its timeout or the engine closes. */
  signal: AbortSignal;
  timeoutMs: number;
}

export interface Probe {
  /** What per-target concurrency counts against (`host:port`), or null for no limit. */
  readonly target: string | null;
  run(ctx: ProbeContext): Promise<ProbeResult>;
  /** Frees what `compile` opened (connection pools); called when the check goes away. */
  close?(): Promise<void>;
}

/** What a kind may use while compiling. */
export interface ProbeEnv {
  /** Folder of the YAML file that declares the check: relative file paths start here. */
  baseDir: string;
  /** Shared keep-alive HTTP dispatcher (undici Agent) for checks with default TLS settings. */
  dispatcher: Dispatcher;
}

export interface Prober<K extends CheckKind> {
  /**
   * Turns a check's settings into a ready-to-run probe. Throws AppError('bad_request') for
   * settings that validation could not see (an unreadable CA file).
   */
  compile(spec: CheckSpec<K>, env: ProbeEnv): Probe;
}

/** Active kinds: everything but heartbeats, which jobs push to Opsdeck instead. */
export type ActiveCheckKind = Exclude<CheckKind, 'heartbeat'>;
