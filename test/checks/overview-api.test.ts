import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { until } from '../support/until.js';
import type { Change } from '../../src/lib/change-feed.js';

const CONFIG = `
services:
  api:
    name: Public API
    team: sre
    checks:
      port: { tcp: { host: 127.0.0.1, port: 1 }, every: 1s, timeout: 1s, failures_to_down: 1 }
  web: {}
teams:
  sre: { members: [] }
`;

describeEachDialect('GET /api/v1/overview and live detector changes', (ctx) => {
  let t: TestApp;
  const changes: Change[] = [];
  beforeAll(async () => {
    t = await startTestApp(ctx.store(), CONFIG);
    t.feed.subscribe((c) => changes.push(c));
  });
  afterAll(() => t?.close());

  it('lists services worst first with their check counts and 90 days of uptime', async () => {
    await until(() => t.engine.get('api/port').state === 'down');
    const res = await t.app.inject({ url: '/api/v1/overview', headers: t.auth('viewer') });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.total).toBe(2);
    const [api, web] = body.services;
    expect(api).toMatchObject({
      id: 'api',
      name: 'Public API',
      team: 'sre',
      state: 'down',
      checks: { total: 1, down: 1 },
    });
    expect(api.days).toHaveLength(90);
    expect(api.days_from).toBe(new Date(Date.now() - 89 * 86_400_000).toISOString().slice(0, 10));
    // Every run so far was down: today's figure is 0, older days have no runs.
    expect(api.days.at(-1)).toBe(0);
    expect(api.days.slice(0, 89).every((d: number | null) => d === null)).toBe(true);
    expect(api.latency_24h).toHaveLength(24);
    expect(web).toMatchObject({ id: 'web', state: 'unknown', checks: { total: 0 } });
  });

  it('pages and filters, and names a bad parameter', async () => {
    const page = await t.app.inject({
      url: '/api/v1/overview?limit=1&offset=1',
      headers: t.auth('viewer'),
    });
    expect(page.json().services.map((s: { id: string }) => s.id)).toEqual(['web']);
    const found = await t.app.inject({
      url: '/api/v1/overview?q=public',
      headers: t.auth('viewer'),
    });
    expect(found.json().services.map((s: { id: string }) => s.id)).toEqual(['api']);
    for (const [query, field] of [
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      ['offset=-1', 'offset'],
      ['state=sideways', 'state'],
    ]) {
      const bad = await t.app.inject({
        url: `/api/v1/overview?${query}`,
        headers: t.auth('viewer'),
      });
      expect(bad.statusCode, query).toBe(400);
      expect(bad.json().error.message, query).toContain(field);
    }
  });

  it('publishes check state changes and alerts starting or resolving, not re-sends', async () => {
    await until(() => changes.some((c) => c.type === 'check.state'));
    expect(changes.find((c) => c.type === 'check.state')!.data).toMatchObject({
      key: 'api/port',
      service: 'api',
      check: 'port',
      to: 'down',
    });
    const send = async (endsAt?: string) => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v2/alerts',
        headers: t.auth('responder'),
        payload: [
          { labels: { alertname: 'DiskFull', service: 'web' }, ...(endsAt ? { endsAt } : {}) },
        ],
      });
      expect(res.statusCode).toBe(200);
    };
    const alertChanges = () =>
      changes
        .filter((c) => c.type === 'alert.changed')
        .map((c) => c.data as { alertname: string })
        .filter((d) => d.alertname === 'DiskFull');
    await send();
    await send();
    await until(() => alertChanges().length >= 1);
    await send(new Date(Date.now() - 1000).toISOString());
    await until(() => alertChanges().length >= 2);
    expect(alertChanges(), JSON.stringify(alertChanges())).toEqual([
      expect.objectContaining({ alertname: 'DiskFull', service: 'web', state: 'firing' }),
      expect.objectContaining({ alertname: 'DiskFull', state: 'resolved' }),
    ]);
  });

  it('publishes silence changes', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/silences',
      headers: t.auth('responder'),
      payload: { matchers: ['alertname="DiskFull"'], duration: '1h', comment: 'disk swap' },
    });
    expect(res.statusCode, res.body).toBe(201);
    await until(() => changes.some((c) => c.type === 'silence.changed'));
    expect(changes.find((c) => c.type === 'silence.changed')!.data).toEqual({
      ids: [res.json().id],
    });
  });
});
