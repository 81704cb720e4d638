/**
 * `command` checks: run a program directly (never through a shell), keep the first
 * `max_output` bytes of stdout + stderr, and judge by the exit status: 0 is up.
 *
 * On POSIX the child leads its own process group, so a timeout (SIGTERM, then SIGKILL after
 * 1 s) reaches everything it started, and whatever it leaves running after it exits is
 * killed too: a check that runs every minute must not pile up processes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatDuration, type CheckSpec } from '../../../config/index.js';
import type { Probe, ProbeContext, ProbeEnv, ProbeResult, Prober } from '../../probe.js';
import { startDeadline, timeoutReason } from '../shared/deadline.js';

/** Time between SIGTERM and SIGKILL after a timeout. */
export const KILL_GRACE_MS = 1000;
/** How long to wait for the output pipes to close once the child has exited. */
const PIPE_GRACE_MS = 500;
const GROUPS = process.platform !== 'win32';

interface Command {
  program: string;
  args: string[];
  cwd: string;
  /** The cwd as written in the config, for reasons. */
  cwdShown: string;
  env: NodeJS.ProcessEnv;
  maxOutput: number;
}

export const commandProber: Prober<'command'> = {
  compile(spec: CheckSpec<'command'>, env: ProbeEnv): Probe {
    const [program = '', ...args] = spec.run;
    const command: Command = {
      program,
      args,
      cwd: resolve(env.baseDir, spec.cwd ?? '.'),
      cwdShown: spec.cwd ?? '.',
      env: { ...process.env, ...spec.env },
      maxOutput: spec.max_output,
    };
    return { target: null, run: (ctx) => runCommand(command, ctx) };
  },
};

function runCommand(command: Command, ctx: ProbeContext): Promise<ProbeResult> {
  return new Promise((settle) => {
    const deadline = startDeadline(ctx);
    const output = new OutputBuffer(command.maxOutput);
    let child: ChildProcess;
    try {
      child = spawn(command.program, command.args, {
        cwd: command.cwd,
        env: command.env,
        shell: false,
        detached: GROUPS,
        stdio: ['ignore', 'pipe', 'pipe'],
        windowsHide: true,
      });
    } catch (err) {
      deadline.dispose();
      return settle({ status: 'down', reason: spawnReason(err, command) });
    }
    child.stdout?.on('data', (chunk: Buffer) => output.add(chunk));
    child.stderr?.on('data', (chunk: Buffer) => output.add(chunk));

    let timedOut = false;
    let killedHard = false;
    let killTimer: NodeJS.Timeout | undefined;
    const onTimeout = (): void => {
      timedOut = true;
      kill(child, 'SIGTERM');
      killTimer = setTimeout(() => {
        killedHard = true;
        kill(child, 'SIGKILL');
      }, KILL_GRACE_MS);
    };

    let finished = false;
    const finish = (result: ProbeResult): void => {
      if (finished) return;
      finished = true;
      clearTimeout(killTimer);
      deadline.signal.removeEventListener('abort', onTimeout);
      deadline.dispose();
      settle(result);
    };

    child.once('error', (err) => {
      if (child.pid === undefined) finish({ status: 'down', reason: spawnReason(err, command) });
    });
    child.once('exit', (code, signal) => {
      clearTimeout(killTimer);
      kill(child, 'SIGKILL'); // whatever the command left behind in its group
      const done = (): void => {
        const details = { exit_code: code, signal, ...output.details() };
        finish(judge(code, signal, { timedOut, killedHard }, ctx, details));
      };
      // Output ends when the pipes close; a grandchild that escaped the group may hold them.
      const pipeTimer = setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        done();
      }, PIPE_GRACE_MS);
      child.once('close', () => {
        clearTimeout(pipeTimer);
        done();
      });
    });
    if (deadline.signal.aborted) onTimeout();
    else deadline.signal.addEventListener('abort', onTimeout, { once: true });
  });
}

function judge(
  code: number | null,
  signal: NodeJS.Signals | null,
  timeout: { timedOut: boolean; killedHard: boolean },
  ctx: ProbeContext,
  details: Record<string, unknown> & { output: string },
): ProbeResult {
  if (timeout.timedOut)
    return {
      status: 'down',
      reason: timeout.killedHard
        ? `killed by SIGKILL after timeout ${formatDuration(ctx.timeoutMs)}`
        : timeoutReason(ctx.timeoutMs),
      details,
    };
  if (signal) return { status: 'down', reason: `killed by ${signal}`, details };
  if (code === 0) return { status: 'up', reason: null, details };
  const lastLine = details.output.trimEnd().split(/\r?\n/).at(-1) ?? '';
  return {
    status: 'down',
    reason: `exit status ${code}`,
    details: { ...details, last_line: lastLine },
  };
}

/** Signals the child's whole process group (POSIX) or the child alone (Windows). */
function kill(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    if (GROUPS) process.kill(-child.pid, signal);
    else child.kill(signal);
  } catch {
    // ESRCH: already gone.
  }
}

function spawnReason(err: unknown, command: Command): string {
  const code = (err as { code?: string }).code;
  if (code === 'ENOENT')
    return existsSync(command.cwd)
      ? `ENOENT: program not found: ${command.program}`
      : `ENOENT: working directory not found: ${command.cwdShown}`;
  if (code === 'EACCES') return `EACCES: permission denied: ${command.program}`;
  return `${code ?? 'spawn failed'}: ${(err as Error).message}`;
}

/** Keeps the first `max` bytes of the output and counts the rest. */
class OutputBuffer {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  private total = 0;

  constructor(private readonly max: number) {}

  add(chunk: Buffer): void {
    this.total += chunk.length;
    if (this.kept >= this.max) return;
    const part = chunk.subarray(0, this.max - this.kept);
    this.chunks.push(part);
    this.kept += part.length;
  }

  details(): { output: string; truncated: boolean; output_bytes: number } {
    return {
      output: Buffer.concat(this.chunks).toString('utf8'),
      truncated: this.total > this.kept,
      output_bytes: this.total,
    };
  }
}
