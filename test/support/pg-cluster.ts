import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('../../scripts/pg-throwaway.sh', import.meta.url));

/** True when scripts/pg-throwaway.sh can find initdb and pg_ctl on this machine. */
export function postgresBinariesAvailable(): boolean {
  try {
    execFileSync('bash', [SCRIPT, 'check'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function script(command: string, dir: string): Promise<string> {
  try {
    const { stdout } = await run('bash', [SCRIPT, command, dir], { timeout: 120_000 });
    return stdout.trim().split('\n').at(-1) ?? '';
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr?.trim();
    throw new Error(`pg-throwaway.sh ${command} failed: ${stderr || String(err)}`, { cause: err });
  }
}

/**
 * A dedicated throwaway PostgreSQL cluster (see scripts/pg-throwaway.sh), for tests that make
 * the server go away and come back. Each cluster costs about a second to start; share one per
 * test file. Always `stop()` it (in afterAll), or its temp directory and process stay behind.
 */
export class PgCluster {
  private constructor(
    /** The cluster's directory (data, socket, logs). */
    readonly dir: string,
    /** `postgres://postgres@127.0.0.1:PORT/postgres`; trust auth, no password. */
    readonly url: string,
  ) {}

  /** initdb + start on a free loopback port; rejects with the script's message on failure. */
  static async start(): Promise<PgCluster> {
    const dir = mkdtempSync(join(tmpdir(), 'opsdeck-pg-'));
    try {
      return new PgCluster(dir, await script('start', dir));
    } catch (err) {
      await script('stop', dir).catch(() => {});
      throw err;
    }
  }

  /** Stops the server (fast shutdown: clients are disconnected), keeping its data. */
  async pause(): Promise<void> {
    await script('pause', this.dir);
  }

  /** Starts the paused server again, on the same port. */
  async resume(): Promise<void> {
    await script('resume', this.dir);
  }

  /** Stops the server and deletes its directory. Safe to call twice. */
  async stop(): Promise<void> {
    await script('stop', this.dir);
  }
}
