/**
 * Acknowledged writes survive a crash: pings answered OK and a pause answered 200 are in
 * storage after `kill -9`, and the restarted server knows them.
 */
import { afterAll, expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { startServer, type RunningServer } from '../support/cli.js';
import { writeConfigFile } from '../support/app.js';

interface CheckBody {
  state: string;
  heartbeat: { last_ping_at: string | null };
}
const json = async (res: Response) => (await res.json()) as CheckBody;

const UUID = '3b5c1f0e-9d2a-4c8b-a7e6-5f4d3c2b1a09';
const TOKEN = 'crash-test-admin-token-0123456789abcdefghij';
const CONFIG = `
services:
  backups:
    checks:
      nightly: { heartbeat: { uuid: ${UUID}, period: 1d } }
  api:
    checks:
      port: { tcp: { host: 127.0.0.1, port: 1 }, every: 1h }
`;

describeEachDialect('checks survive kill -9', (ctx) => {
  const servers: RunningServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.stop('SIGKILL');
  });

  it('keeps every acknowledged ping and pause', async () => {
    const config = writeConfigFile(CONFIG);
    const env = { OPSDECK_ADMIN_TOKEN: TOKEN };
    const first = await startServer(['--config', config, '--storage', ctx.url], env);
    servers.push(first);
    const auth = { authorization: `Bearer ${TOKEN}` };
    for (let i = 0; i < 20; i++) {
      const res = await fetch(`${first.url}/ping/${UUID}${i % 2 ? '' : '/start'}`, {
        method: 'POST',
        body: `run ${i}`,
      });
      expect(res.status).toBe(200);
    }
    const paused = await fetch(`${first.url}/api/v1/checks/api/port/pause`, {
      method: 'POST',
      headers: auth,
    });
    expect(paused.status).toBe(200);
    const before = await json(
      await fetch(`${first.url}/api/v1/checks/backups/nightly`, { headers: auth }),
    );
    expect((await first.stop('SIGKILL')).code).toBeNull();

    const second = await startServer(['--config', config, '--storage', ctx.url], env);
    servers.push(second);
    const after = await json(
      await fetch(`${second.url}/api/v1/checks/backups/nightly`, { headers: auth }),
    );
    expect(after.heartbeat.last_ping_at).toBe(before.heartbeat.last_ping_at);
    expect(after.state).toBe('up');
    const port = await json(await fetch(`${second.url}/api/v1/checks/api/port`, { headers: auth }));
    expect(port.state).toBe('paused');
    const rows = await ctx.store().db.selectFrom('heartbeat_pings').select('body').execute();
    expect(rows.map((r) => r.body).sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `run ${i}`).sort(),
    );
  });
});
