import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dispatcher } from 'undici';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../../test/support/temp-dir.js';
import type { CheckSpec } from '../../../config/index.js';
import { commandProber } from './index.js';

const NODE = process.execPath;
let dir: string;

beforeAll(() => {
  dir = makeTempDir('command-check-');
});

function run(argv: string[], extra: Partial<CheckSpec<'command'>> = {}, timeoutMs = 5000) {
  const spec: CheckSpec<'command'> = { run: argv, env: {}, max_output: 64 * 1024, ...extra };
  const env = { baseDir: dir, dispatcher: undefined as unknown as Dispatcher };
  return commandProber.compile(spec, env).run({ signal: new AbortController().signal, timeoutMs });
}

/** True while the process runs (a zombie waiting for its new parent to reap it counts as gone). */
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
  return !/\) Z /.test(stat);
};

describe('command prober', () => {
  it('is up on exit 0 and keeps stdout and stderr', async () => {
    const script = 'process.stdout.write("ok\\n"); process.stderr.write("warn\\n")';
    const result = await run([NODE, '-e', script]);
    expect(result.status).toBe('up');
    expect(result.reason).toBeNull();
    expect(result.details).toMatchObject({ exit_code: 0, signal: null, truncated: false });
    expect(String(result.details?.output).split('\n').sort()).toEqual(['', 'ok', 'warn']);
    expect(
      commandProber.compile({ run: ['x'], env: {}, max_output: 1 }, { baseDir: dir } as never)
        .target,
    ).toBeNull();
  });

  it('is down on a non-zero exit, with the last line of output', async () => {
    const result = await run([
      NODE,
      '-e',
      'console.log("checking"); console.log("db down"); process.exit(2)',
    ]);
    expect(result).toEqual({
      status: 'down',
      reason: 'exit status 2',
      details: {
        exit_code: 2,
        signal: null,
        output: 'checking\ndb down\n',
        truncated: false,
        output_bytes: 17,
        last_line: 'db down',
      },
    });
    expect((await run([NODE, '-e', 'process.exit(1)'])).reason).toBe('exit status 1');
  });

  it('keeps only the first max_output bytes', async () => {
    const result = await run(
      [NODE, '-e', 'process.stdout.write("a".repeat(5000) + "b".repeat(5000))'],
      {
        max_output: 100,
      },
    );
    expect(result.details).toMatchObject({
      output: 'a'.repeat(100),
      truncated: true,
      output_bytes: 10_000,
    });
  });

  it('passes arguments literally, with no shell', async () => {
    const out = join(dir, 'args.json');
    const script =
      'require("fs").writeFileSync(process.argv[1], JSON.stringify(process.argv.slice(2)))';
    const result = await run([NODE, '-e', script, out, '$(touch pwned)', '*', '; echo hi'], {});
    expect(result.status).toBe('up');
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(['$(touch pwned)', '*', '; echo hi']);
    expect(existsSync(join(dir, 'pwned'))).toBe(false);
  });

  it('runs in cwd relative to the YAML folder, with the extra environment', async () => {
    mkdirSync(join(dir, 'sub'), { recursive: true });
    const script =
      'console.log(process.cwd() + " " + process.env.CHECK_MODE + " " + !!process.env.PATH)';
    const result = await run([NODE, '-e', script], { cwd: 'sub', env: { CHECK_MODE: 'deep' } });
    expect(result.details?.output).toBe(`${join(dir, 'sub')} deep true\n`);
  });

  it('stops a child at the timeout, with SIGTERM', async () => {
    const started = Date.now();
    const result = await run([NODE, '-e', 'setTimeout(() => {}, 60_000)'], {}, 300);
    expect(result).toMatchObject({
      status: 'down',
      reason: 'timeout after 300ms',
      details: { exit_code: null, signal: 'SIGTERM' },
    });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('kills a child that ignores SIGTERM, and its children, with SIGKILL', async () => {
    const pidFile = join(dir, 'grandchild.pid');
    const grandchild = `require("child_process").spawn(process.execPath, ["-e", "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)"], { stdio: "ignore" })`;
    const script = `process.on("SIGTERM", () => {}); const g = ${grandchild}; require("fs").writeFileSync(${JSON.stringify(pidFile)}, String(g.pid)); setInterval(() => {}, 1000)`;
    const started = Date.now();
    // 800 ms, not 300: on a loaded machine Node can take longer than 300 ms to start and install
    // its SIGTERM handler, and a SIGTERM before that kills it the ordinary way.
    const result = await run([NODE, '-e', script], {}, 800);
    expect(result).toMatchObject({
      status: 'down',
      reason: 'killed by SIGKILL after timeout 800ms',
      details: { signal: 'SIGKILL' },
    });
    expect(Date.now() - started).toBeLessThan(3000);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    await expect.poll(() => alive(pid)).toBe(false);
  });

  it('kills what a successful command leaves running', async () => {
    const pidFile = join(dir, 'leftover.pid');
    const script = `const g = require("child_process").spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" }); require("fs").writeFileSync(${JSON.stringify(pidFile)}, String(g.pid)); g.unref()`;
    expect((await run([NODE, '-e', script])).status).toBe('up');
    await expect.poll(() => alive(Number(readFileSync(pidFile, 'utf8')))).toBe(false);
  });

  it('reports a missing program, a missing cwd and a program it may not run', async () => {
    expect(await run(['opsdeck-no-such-program'])).toEqual({
      status: 'down',
      reason: 'ENOENT: program not found: opsdeck-no-such-program',
    });
    expect((await run([NODE, '-e', '0'], { cwd: 'nowhere' })).reason).toBe(
      'ENOENT: working directory not found: nowhere',
    );
    const script = join(dir, 'not-executable.sh');
    writeFileSync(script, '#!/bin/sh\nexit 0\n');
    chmodSync(script, 0o644);
    expect((await run([script])).reason).toBe(`EACCES: permission denied: ${script}`);
  });
});
