import { afterAll, beforeAll, expect, it } from 'vitest';
import { pino } from 'pino';
import { describeEachDialect } from '../support/dialects.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { CheckEngine } from '../../src/checks/index.js';
import { loadConfig } from '../../src/config/index.js';
import { createMetrics } from '../../src/telemetry/metrics.js';
import { until } from '../support/until.js';

const NIGHTLY = '5bf6a7f4-1a4c-4d2f-9a8e-0b8c2d1e3f40';
const FAST = '7c1e2d3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
const CRON = '9e8d7c6b-5a49-4382-a716-151413121110';

const CONFIG = `
monitoring:
  ping_body_limit: 16
services:
  backups:
    checks:
      nightly: { heartbeat: { uuid: ${NIGHTLY}, period: 1d, grace: 1h } }
      fast: { heartbeat: { uuid: ${FAST}, period: 1s, grace: 1s } }
      cron: { heartbeat: { uuid: ${CRON}, cron: "0 3 * * *", timezone: Europe/Madrid, grace: 30m } }
`;

describeEachDialect('heartbeats (healthchecks.io ping API)', (ctx) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(ctx.store(), CONFIG);
  });
  afterAll(() => t?.close());

  const ping = (path: string, method: 'GET' | 'POST' | 'HEAD' = 'GET', payload?: string) =>
    t.app.inject({
      method,
      url: `/ping/${path}`,
      ...(payload ? { payload, headers: { 'content-type': 'text/plain' } } : {}),
    });
  const check = async (name: string) =>
    (
      await t.app.inject({ url: `/api/v1/checks/backups/${name}`, headers: t.auth('viewer') })
    ).json();

  it('answers OK once committed, 404 for unknown uuids and 400 for a bad action', async () => {
    const ok = await ping(NIGHTLY);
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('OK');
    expect(ok.headers['ping-body-limit']).toBe('16');
    expect((await ping('11111111-2222-4333-8444-555555555555')).statusCode).toBe(404);
    expect((await ping('not-a-uuid')).statusCode).toBe(404);
    const bad = await ping(`${NIGHTLY}/restart`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/invalid ping action 'restart'/);
    expect((await ping(`${NIGHTLY}/256`)).statusCode).toBe(400);
    expect((await ping(NIGHTLY, 'HEAD')).statusCode).toBe(200);
    const c = await check('nightly');
    expect(c.state).toBe('up');
    expect(c.heartbeat.ping_url).toBe(`http://127.0.0.1:8080/ping/${NIGHTLY}`);
    expect(Date.parse(c.heartbeat.next_deadline) - Date.parse(c.heartbeat.last_ping_at)).toBe(
      25 * 3_600_000,
    );
  });

  it('reports failures and exit statuses, and recovers on success', async () => {
    await ping(`${NIGHTLY}/fail`, 'POST', 'disk full');
    expect(await check('nightly')).toMatchObject({
      state: 'down',
      state_reason: 'job reported failure',
    });
    await ping(`${NIGHTLY}/0`);
    expect((await check('nightly')).state).toBe('up');
    await ping(`${NIGHTLY}/3`);
    expect(await check('nightly')).toMatchObject({
      state: 'down',
      state_reason: 'job exited with status 3',
    });
    await ping(NIGHTLY);
    expect((await check('nightly')).state).toBe('up');
  });

  it('times runs and tells concurrent runs apart by rid; keeps bodies up to the limit', async () => {
    const a = 'aaaaaaaa-0000-4000-8000-000000000001';
    const b = 'bbbbbbbb-0000-4000-8000-000000000002';
    await ping(`${NIGHTLY}/start?rid=${a}`);
    await new Promise((r) => setTimeout(r, 120));
    await ping(`${NIGHTLY}/start?rid=${b}`);
    expect((await check('nightly')).heartbeat.running).toBe(2);
    await ping(`${NIGHTLY}?rid=${a}`, 'POST', 'backup finished: 42 GiB copied');
    const last = (await check('nightly')).last_result;
    expect(last.details.rid).toBe(a);
    expect(last.details.duration_ms).toBeGreaterThanOrEqual(120);
    expect((await check('nightly')).heartbeat.running).toBe(1);
    const rows = await ctx
      .store()
      .db.selectFrom('heartbeat_pings')
      .selectAll()
      .where('rid', '=', a)
      .orderBy('at')
      .execute();
    expect(rows.map((r) => r.event)).toEqual(['start', 'success']);
    expect(rows[1]!.body).toBe('backup finished:');
    expect(rows[1]!.duration_ms).toBeGreaterThanOrEqual(120);
    expect((await ping(`${NIGHTLY}/log`, 'POST', 'progress 50%')).statusCode).toBe(200);
    expect((await ping(`${NIGHTLY}/start?rid=nope`)).statusCode).toBe(400);
  });

  it('goes down when a ping is late, and when a started run does not finish within the grace', async () => {
    await ping(FAST);
    await until(async () => (await check('fast')).state === 'down', 5_000);
    expect((await check('fast')).state_reason).toMatch(
      /^late: last ping .*; expected by .* \(\+1s grace\)$/,
    );
    await ping(`${FAST}/start`);
    expect((await check('fast')).state).toBe('down');
    await ping(FAST);
    expect((await check('fast')).state).toBe('up');
    await ping(`${FAST}/start`);
    await until(async () => (await check('fast')).state === 'down', 5_000);
    expect((await check('fast')).state_reason).toMatch(/did not finish within 1s|^late/);
  });

  it('waits for the first ping before a never-pinged check can be late, and reads cron in its time zone', async () => {
    const c = await check('cron');
    expect(c.state).toBe('unknown');
    expect(c.heartbeat.next_deadline).toBeNull();
    await ping(CRON);
    const after = await check('cron');
    // 03:00 in Madrid is 01:00 or 02:00 UTC; the deadline adds the 30 minute grace.
    expect(after.heartbeat.next_deadline).toMatch(/T0[12]:30:00\.000Z$/);
  });

  it('keeps the last ping across a restart', async () => {
    await t.engine.writer.commit();
    const loaded = await loadConfig(t.configPath);
    const engine = new CheckEngine({
      store: ctx.store(),
      logger: pino({ level: 'silent' }),
      metrics: createMetrics(),
    });
    await engine.start(loaded);
    try {
      const nightly = engine.get('backups/nightly');
      expect(engine.heartbeats.status(nightly).last_ping_at).toBe(
        t.engine.heartbeats.status(t.engine.get('backups/nightly')).last_ping_at,
      );
      expect(engine.heartbeats.status(nightly).running).toBe(1);
      expect(nightly.state).toBe('up');
    } finally {
      await engine.close();
    }
  });
});
