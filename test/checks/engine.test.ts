import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { startTarget, type Target } from './target.js';
import { until } from '../support/until.js';

const config = (url: string, extra = '') => `
services:
  api:
    labels: { env: prod }
    checks:
      health:
        http: { url: "${url}/health", expect: { json: ['$.status == "ok"'] } }
        every: 1s
        timeout: 1s
        severity: P0
        labels: { team: core }
      closed: { tcp: { host: 127.0.0.1, port: 1 }, every: 1s, failures_to_down: 1 }
${extra}`;

describeEachDialect('checks engine and API', (ctx) => {
  let t: TestApp;
  let target: Target;
  beforeAll(async () => {
    target = await startTarget();
    t = await startTestApp(ctx.store(), config(target.url));
  });
  afterAll(async () => {
    await t?.close();
    await target?.close();
  });

  const get = async (url: string) => {
    const res = await t.app.inject({ url, headers: t.auth('viewer') });
    return { status: res.statusCode, body: res.json() };
  };
  const state = async (id: string) => (await get(`/api/v1/checks/${id}`)).body.state as string;

  it('runs checks, goes down after two failures with the reason, and recovers', async () => {
    await until(async () => (await state('api/health')) === 'up');
    target.status = 503;
    await until(async () => (await state('api/health')) === 'down');
    const down = (await get('/api/v1/checks/api/health')).body;
    expect(down.state_reason).toBe('HTTP 503 (expected 200-399)');
    expect(down.labels).toEqual({
      env: 'prod',
      team: 'core',
      service: 'api',
      check: 'health',
      severity: 'P0',
    });
    target.status = 200;
    await until(async () => (await state('api/health')) === 'up');
    await t.engine.writer.commit();
    const events = (await get('/api/v1/checks/api/health/events')).body.items;
    expect(events.map((e: { from: string; to: string }) => `${e.from}>${e.to}`)).toEqual([
      'down>up',
      'up>down',
      'unknown>up',
    ]);
    expect(events[1].reason).toBe('HTTP 503 (expected 200-399)');
    const results = (await get('/api/v1/checks/api/health/results?limit=500')).body.items;
    const statuses = results.map((r: { status: string }) => r.status);
    // Two failures at least (the blip rule), and the failing results keep their reason.
    expect(statuses.filter((s: string) => s === 'down').length).toBeGreaterThanOrEqual(2);
    expect(results.find((r: { status: string }) => r.status === 'down').reason).toBe(
      'HTTP 503 (expected 200-399)',
    );
  });

  it('lists checks with filters and pages', async () => {
    await until(async () => (await state('api/closed')) === 'down');
    const all = (await get('/api/v1/checks?limit=1')).body;
    expect(all.items.map((c: { id: string }) => c.id)).toEqual(['api/closed']);
    expect(all.next_cursor).toBe('api/closed');
    const next = (await get(`/api/v1/checks?limit=1&cursor=${all.next_cursor}`)).body;
    expect(next.items.map((c: { id: string }) => c.id)).toEqual(['api/health']);
    expect(
      (await get('/api/v1/checks?state=down')).body.items.map((c: { id: string }) => c.id),
    ).toEqual(['api/closed']);
    expect(
      (await get('/api/v1/checks?label=team=core')).body.items.map((c: { id: string }) => c.id),
    ).toEqual(['api/health']);
    expect((await get('/api/v1/checks?label=nolabel')).status).toBe(400);
    expect((await get('/api/v1/checks/api/nope')).status).toBe(404);
    // The list is serialized by hand: its items have exactly the fields of the detail view.
    const detail = (await get('/api/v1/checks/api/closed')).body;
    expect(Object.keys(all.items[0]).sort()).toEqual(Object.keys(detail).sort());
    expect(all.items[0]).toMatchObject({ id: 'api/closed', kind: 'tcp', target: '127.0.0.1:1' });
  });

  it('runs a check on demand and returns the stored result', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/checks/api/closed/run',
      headers: t.auth('responder'),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'down',
      reason: 'connect ECONNREFUSED 127.0.0.1:1',
    });
  });

  it('pauses and resumes, with the reason naming who did it', async () => {
    const paused = await t.app.inject({
      method: 'POST',
      url: '/api/v1/checks/api/health/pause',
      headers: t.auth('responder'),
    });
    expect(paused.json()).toMatchObject({
      state: 'paused',
      state_reason: 'paused by test-responder',
    });
    const hits = target.hits;
    await new Promise((r) => setTimeout(r, 1_300));
    expect(target.hits).toBe(hits);
    const resumed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/checks/api/health/resume',
      headers: t.auth('responder'),
    });
    // Resuming runs the check at once: by the answer it may already be up again.
    expect(['unknown', 'up']).toContain(resumed.json().state);
    await until(async () => (await state('api/health')) === 'up');
  });

  it('computes uptime from rollups and rejects bad ranges naming the field', async () => {
    const up = (await get('/api/v1/checks/api/health/uptime?from=1h')).body;
    expect(up.runs.up + up.runs.down).toBeGreaterThan(0);
    expect(up.uptime).toBeCloseTo(up.runs.up / (up.runs.up + up.runs.degraded + up.runs.down), 10);
    const bad = await get('/api/v1/checks/api/health/uptime?from=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^from: expected an ISO 8601 time/);
    expect(
      (
        await get(
          '/api/v1/checks/api/health/uptime?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z',
        )
      ).body.error.message,
    ).toBe('from: must be before to');
  });

  it('exposes per-check metrics', async () => {
    const res = await t.app.inject({ url: '/metrics' });
    expect(res.body).toContain('opsdeck_check_up{service="api",check="health"} 1');
    expect(res.body).toContain('opsdeck_check_up{service="api",check="closed"} 0');
    expect(res.body).toMatch(/opsdeck_check_schedule_lag_seconds_count \d+/);
    expect(res.body).toMatch(/opsdeck_check_runs_total\{kind="http",status="up"\} \d+/);
  });

  it('applies a reload: adds and removes checks without disturbing the others', async () => {
    const before = t.engine.get('api/health');
    writeFileSync(
      t.configPath,
      config(
        target.url,
        `  worker:\n    checks:\n      ping: { tcp: { host: 127.0.0.1, port: ${target.port} }, every: 1s }\n`,
      ).replace(/\n {6}closed:.*\n/, '\n'),
    );
    const res = await t.app.inject({ method: 'POST', url: '/-/reload', headers: t.auth('admin') });
    expect(res.statusCode, res.body).toBe(200);
    expect(t.engine.checks.map((c) => c.key)).toEqual(['api/health', 'worker/ping']);
    // Same object: its state, streaks and schedule were kept.
    expect(t.engine.get('api/health')).toBe(before);
    await until(async () => (await state('worker/ping')) === 'up');
    expect((await get('/api/v1/checks/api/closed')).status).toBe(404);
  });

  it('keeps what a changed check knew: new interval, same state and history', async () => {
    const before = t.engine.get('api/health');
    expect(before.state).toBe('up');
    const text = config(target.url).replace(
      'every: 1s\n        timeout: 1s',
      'every: 2s\n        timeout: 1s',
    );
    writeFileSync(t.configPath, text);
    const res = await t.app.inject({ method: 'POST', url: '/-/reload', headers: t.auth('admin') });
    expect(res.statusCode, res.body).toBe(200);
    const after = t.engine.get('api/health');
    expect(after).not.toBe(before);
    expect(after.config.every).toBe(2_000);
    expect(after).toMatchObject({ id: before.id, state: 'up', stateSince: before.stateSince });
    expect((await get('/api/v1/checks/api/health')).body.every).toBe('2s');
  });
});
