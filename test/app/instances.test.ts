import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { pino } from 'pino';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { Instances } from '../../src/app/instances.js';
import { describeEachDialect } from '../support/dialects.js';

const logger = pino({ level: 'silent' });

describeEachDialect('instances on one storage', (ctx) => {
  beforeEach(() =>
    ctx.store().db.deleteFrom('settings').where('key', 'like', 'instance:%').execute(),
  );
  const children: ReturnType<typeof spawn>[] = [];
  afterEach(() => {
    for (const c of children.splice(0)) c.kill('SIGKILL');
  });

  const row = (key: string, value: object) =>
    ctx
      .store()
      .db.insertInto('settings')
      .values({ key, value: JSON.stringify(value) })
      .execute();

  it('sees a live process, and not itself', async () => {
    const me = new Instances(ctx.store().db, logger);
    await me.register();
    expect(await me.othersAlive()).toBe(false);
    // A process still running on this host, with a fresh heartbeat.
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
    children.push(child);
    await row('instance:other', { host: hostname(), pid: child.pid, heartbeatAt: Date.now() });
    expect(await me.othersAlive()).toBe(true);
    // Another host cannot be checked: a fresh heartbeat is trusted.
    await ctx.store().db.deleteFrom('settings').where('key', '=', 'instance:other').execute();
    await row('instance:far', { host: 'elsewhere', pid: 1, heartbeatAt: Date.now() });
    expect(await me.othersAlive()).toBe(true);
    await me.close();
    const rows = await ctx
      .store()
      .db.selectFrom('settings')
      .select('key')
      .where('key', '=', me.id)
      .execute();
    expect(rows).toEqual([]);
  });

  it('treats a killed process and a stale heartbeat as gone', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
    const exited = new Promise((r) => child.on('exit', r));
    child.kill('SIGKILL');
    await exited;
    await row('instance:killed', { host: hostname(), pid: child.pid, heartbeatAt: Date.now() });
    await row('instance:stale', { host: 'elsewhere', pid: 1, heartbeatAt: Date.now() - 60_000 });
    await row('instance:garbage', { not: 'json' });
    const me = new Instances(ctx.store().db, logger);
    expect(await me.othersAlive()).toBe(false);
  });
});
