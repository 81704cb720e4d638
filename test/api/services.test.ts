import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { SAMPLE_CONFIG, startTestApp, type TestApp } from '../support/app.js';

describeEachDialect('services API', (ctx) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(ctx.store());
  });
  afterAll(() => t?.close());

  const get = async (url: string) => {
    const res = await t.app.inject({ url, headers: t.auth('viewer') });
    return { status: res.statusCode, body: res.json() };
  };

  it('lists the services synced from config, by id', async () => {
    const { status, body } = await get('/api/v1/services');
    expect(status).toBe(200);
    expect(body.items.map((s: { id: string }) => s.id)).toEqual(['api', 'postgres', 'web']);
    expect(body.items[0]).toMatchObject({
      id: 'api',
      name: 'Public API',
      owner: 'alice',
      team: 'sre',
      tier: 1,
      depends_on: ['postgres'],
      labels: { env: 'prod' },
      removed_at: null,
    });
    expect(body.next_cursor).toBeNull();
  });

  it('paginates with a cursor and filters by team and tier', async () => {
    const first = await get('/api/v1/services?limit=2');
    expect(first.body.items.map((s: { id: string }) => s.id)).toEqual(['api', 'postgres']);
    expect(first.body.next_cursor).toBe('postgres');
    const second = await get(`/api/v1/services?limit=2&cursor=${first.body.next_cursor}`);
    expect(second.body.items.map((s: { id: string }) => s.id)).toEqual(['web']);
    expect(second.body.next_cursor).toBeNull();
    expect(
      (await get('/api/v1/services?tier=2')).body.items.map((s: { id: string }) => s.id),
    ).toEqual(['web']);
    expect((await get('/api/v1/services?team=nobody')).body.items).toEqual([]);
  });

  it('shows one service with its dependents, and 404s an unknown one', async () => {
    const { body } = await get('/api/v1/services/postgres');
    expect(body).toMatchObject({ id: 'postgres', name: 'postgres', dependents: ['api'] });
    const missing = await get('/api/v1/services/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({
      code: 'not_found',
      message: "service 'nope' not found",
    });
  });

  it('follows a reload: new, changed and removed services; a broken config changes nothing', async () => {
    writeFileSync(
      t.configPath,
      SAMPLE_CONFIG.replace(/ {2}web: .*\n/, '  worker: { team: sre, tier: 3 }\n').replace(
        'tier: 1, owner',
        'tier: 2, owner',
      ),
    );
    const ok = await t.app.inject({ method: 'POST', url: '/-/reload', headers: t.auth('admin') });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      status: 'reloaded',
      changed: true,
      services: { added: 1, updated: 1, removed: 1 },
    });
    expect((await get('/api/v1/services')).body.items.map((s: { id: string }) => s.id)).toEqual([
      'api',
      'postgres',
      'worker',
    ]);
    expect((await get('/api/v1/services/api')).body.tier).toBe(2);
    const removed = (await get('/api/v1/services/web')).body;
    expect(removed.removed_at).not.toBeNull();
    const all = (await get('/api/v1/services?include_removed=true')).body.items.map(
      (s: { id: string }) => s.id,
    );
    expect(all).toEqual(['api', 'postgres', 'web', 'worker']);

    writeFileSync(t.configPath, 'services:\n  api: { teem: sre }\n');
    const bad = await t.app.inject({ method: 'POST', url: '/-/reload', headers: t.auth('admin') });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.code).toBe('config_invalid');
    expect(bad.json().error.details[0]).toMatchObject({ line: 2, path: 'services.api.teem' });
    expect((await get('/api/v1/services')).body.items.map((s: { id: string }) => s.id)).toEqual([
      'api',
      'postgres',
      'worker',
    ]);
    const metrics = (await t.app.inject('/metrics')).body;
    expect(metrics).toMatch(/^opsdeck_config_last_reload_success 0$/m);
  });
});
