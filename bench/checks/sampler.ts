/**
 * What the benchmark reads from outside a process: CPU time and RSS from /proc (Linux only),
 * so the figures are the kernel's, for exactly one pid, whatever the process reports itself.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticks: number | undefined;

/** Clock ticks per second of /proc/<pid>/stat times (`getconf CLK_TCK`, almost always 100). */
function clockTicks(): number {
  if (ticks === undefined) {
    try {
      ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticks = 100;
    }
  }
  return ticks;
}

/** utime + stime of the process (all its threads, not its children), in seconds. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may contain spaces; the first
  // is field 3 (state), so utime (14) and stime (15) are at 11 and 12.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / clockTicks();
}

/** Resident set size (VmRSS) in bytes. */
export function rssBytes(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]) * 1024;
}

/** CPU and wall clock at one instant; two of them give cores used in between. */
export interface CpuMark {
  cpu: number;
  wall: number;
}

export function markCpu(pid: number): CpuMark {
  return { cpu: cpuSeconds(pid), wall: performance.now() / 1000 };
}

/** Samples RSS every `everyMs` until stopped; keeps the maximum. */
export class RssSampler {
  max = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private pid: number) {}

  start(everyMs = 500): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
    this.timer.unref();
    return this;
  }

  sample(): void {
    try {
      this.max = Math.max(this.max, rssBytes(this.pid));
    } catch {
      // the process has exited; the caller notices through its exit code
    }
  }

  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return this.max;
  }
}
