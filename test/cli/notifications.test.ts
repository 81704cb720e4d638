/**
 * `opsdeck notifications list|show` and `opsdeck notify test` against a real app listening on
 * 127.0.0.1 (SQLite; the commands only talk HTTP). The command tree runs in this process, so
 * the test needs no build.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/index.js';
import { ExitCode, printError } from '../../src/cli/output.js';
import { openStore, type Store } from '../../src/store/index.js';
import { SAMPLE_CONFIG, startTestApp, type TestApp } from '../support/app.js';
import { makeTempDir } from '../support/temp-dir.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';
import { item, message } from '../notify/harness.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe('opsdeck notifications / notify test', () => {
  let store: Store;
  let t: TestApp;
  let ok: WebhookReceiver;
  let base: string;

  /** Runs the CLI in-process, capturing what it writes. */
  async function cli(...args: string[]): Promise<Run> {
    let stdout = '';
    let stderr = '';
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => ((stdout += chunk), true)) as typeof write;
    let code = 0;
    try {
      await buildProgram()
        .exitOverride()
        .parseAsync(['node', 'opsdeck', ...args, '--server', base, '--token', t.tokens.responder]);
    } catch (error) {
      if (error instanceof ExitCode) code = error.code;
      else {
        code = 1;
        printError(error, (line) => (stderr += line + '\n'));
      }
    } finally {
      process.stdout.write = write;
    }
    return { code, stdout, stderr };
  }

  beforeAll(async () => {
    store = await openStore(`sqlite:${join(makeTempDir('opsdeck-notify-cli-'), 'opsdeck.db')}`);
    await store.migrate();
    ok = await startWebhookReceiver();
    t = await startTestApp(
      store,
      `${SAMPLE_CONFIG}
channels:
  ok: { type: webhook, url: "${ok.url}/hook" }
  dead: { type: webhook, url: "http://127.0.0.1:9/hook", retry: { attempts: 2, backoff: 10ms }, timeout: 1s }
`,
    );
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await t?.close();
    await ok?.close();
    await store?.close();
  });

  it('notify test: exit 0 when delivered, with the attempts', async () => {
    const res = await cli('notify', 'test', 'ok');
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/^ok: delivered after 1 attempt\n/);
    expect(res.stdout).toMatch(/#\s+AT\s+DURATION\s+OUTCOME\s+STATUS\s+DETAIL/);
    expect(res.stdout).toMatch(/\n1\s+\S+\s+\d+ ms\s+delivered\s+200/);
  });

  it('notify test: exit 2 when the channel fails, naming why; 404 for an unknown one', async () => {
    const res = await cli('notify', 'test', 'dead');
    expect(res.code).toBe(2);
    expect(res.stdout).toMatch(/^dead: failed after 2 attempts: /);
    expect(res.stdout.match(/\bretry\b/g)).toHaveLength(2);
    const unknown = await cli('notify', 'test', 'nope');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("channel 'nope' not found");
  });

  it('notifications list: a table, filters, --limit and --json', async () => {
    const ids = await t.notifier.enqueue([
      item('ok', { person: 'alice', incidentId: 5, message: message('disk full on db-1') }),
      item('ok', { message: message('second') }),
    ]);
    for (const id of ids) await t.notifier.waitFor(id, 5_000);
    const res = await cli('notifications', 'list', '--channel', 'ok');
    expect(res.code, res.stderr).toBe(0);
    const lines = res.stdout.trim().split('\n');
    expect(lines[0]).toMatch(
      /^ID\s+CREATED\s+CHANNEL\s+EVENT\s+STATUS\s+ATTEMPTS\s+FOR\s+TITLE\s+LAST ANSWER$/,
    );
    expect(lines.find((l) => l.includes('disk full'))).toMatch(
      new RegExp(`^${ids[0]!.slice(0, 8)}\\s+.*\\s+ok\\s+test\\s+delivered\\s+1\\s+alice #5\\s+`),
    );
    const failed = await cli('notifications', 'list', '--status', 'failed', '--json');
    const items = JSON.parse(failed.stdout) as Array<{ channel: string; status: string }>;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((n) => n.channel === 'dead' && n.status === 'failed')).toBe(true);
    const one = await cli('notifications', 'list', '--limit', '1', '--json');
    expect(JSON.parse(one.stdout)).toHaveLength(1);
    const none = await cli('notifications', 'list', '--incident', '999');
    expect(none.stdout.trim()).toBe('no notifications');
  });

  it('notifications show: the fields and every attempt', async () => {
    const [id] = await t.notifier.enqueue([item('ok', { message: message('shown') })]);
    await t.notifier.waitFor(id!, 5_000);
    const res = await cli('notifications', 'show', id!);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(new RegExp(`^ID:\\s+${id}\n`));
    expect(res.stdout).toMatch(/Status:\s+delivered/);
    expect(res.stdout).toMatch(/Last answer:\s+.*200/);
    expect(res.stdout).toMatch(/\n1\s+\S+\s+\d+ ms\s+delivered\s+200/);
  });

  it('names the bad option value and exits 1', async () => {
    const bad = await cli('notifications', 'list', '--status', 'lost');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--status');
    const limit = await cli('notifications', 'list', '--limit', 'many');
    expect(limit.stderr).toContain('--limit');
  });
});
