/**
 * The Alertmanager API v2 alert endpoints through the real app on both databases: what
 * Prometheus posts is stored before the answer, merged and deduplicated as Alertmanager does,
 * read back by fingerprint, and partial batches keep their valid alerts.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { SAMPLE_CONFIG, startTestApp, type TestApp } from '../support/app.js';
import { until } from '../support/until.js';

const KEY = 'prom-key-0123456789abcdef';
const LABELLED_KEY = 'prom-labelled-0123456789';
const CONFIG = `${SAMPLE_CONFIG}
integrations:
  prometheus: { type: alertmanager, key: ${KEY} }
  labelled: { type: alertmanager, key: ${LABELLED_KEY}, service: api, labels: { env: prod } }
alerts: { resolve_timeout: 5m, max_pending: 100 }
`;

const fixture = (name: string) =>
  JSON.parse(
    readFileSync(new URL(`../fixtures/alertmanager/${name}`, import.meta.url), 'utf8'),
  ) as Array<{ labels: Record<string, string> }>;

/** The fields of Alertmanager's gettable alert these tests read. */
interface GettableAlert {
  fingerprint: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  status: { state: string; silencedBy: string[]; inhibitedBy: string[] };
}

const bearer = { authorization: `Bearer ${KEY}` };

describeEachDialect('Alertmanager API v2 alerts', (ctx) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(ctx.store(), CONFIG);
  });
  afterAll(() => t?.close());

  const post = (payload: unknown, headers: Record<string, string> = bearer) =>
    t.app.inject({ method: 'POST', url: '/api/v2/alerts', headers, payload: payload as object });
  const get = async (query = '') => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v2/alerts${query}`,
      headers: t.auth('viewer'),
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Array<GettableAlert>;
  };
  const row = (fp: string) =>
    ctx
      .store()
      .db.selectFrom('alerts')
      .selectAll()
      .where('fingerprint', '=', fp)
      .executeTakeFirst();

  it('stores what Prometheus posts before answering, with Alertmanager’s fingerprint', async () => {
    // The capture's endsAt (now + 4 resend delays then) is past today: move it ahead.
    const ahead = new Date(Date.now() + 240_000).toISOString();
    const res = await post(
      fixture('prometheus-postable-alerts.json').map((a) => ({ ...a, endsAt: ahead })),
    );
    expect(res.statusCode, res.body).toBe(200);
    // The captured webhook from Alertmanager names this alert 24b782ced4bbdeca.
    expect(await row('24b782ced4bbdeca')).toMatchObject({ source: 'integration:prometheus' });
    const [alert] = await get('?filter=alertname%3D"NodeExporterDown"');
    expect(alert).toMatchObject({
      fingerprint: '24b782ced4bbdeca',
      startsAt: '2026-11-22T07:09:54.259Z',
      status: { state: 'active', silencedBy: [], inhibitedBy: [] },
    });
  });

  it('accepts the key as a basic-auth password, and refuses unknown keys', async () => {
    const basic = `Basic ${Buffer.from(`prometheus:${KEY}`).toString('base64')}`;
    const ok = await post([{ labels: { alertname: 'ViaBasic' } }], { authorization: basic });
    expect(ok.statusCode, ok.body).toBe(200);
    const bad = await post([{ labels: { alertname: 'X' } }], {
      authorization: 'Bearer not-a-key-of-ours-123',
    });
    expect(bad.statusCode).toBe(401);
    const none = await post([{ labels: { alertname: 'X' } }], {});
    expect(none.statusCode).toBe(401);
    expect((await get('?filter=alertname%3D"X"')).length).toBe(0);
  });

  it('adds the integration’s labels and service (they win over the sender’s)', async () => {
    const res = await post([{ labels: { alertname: 'Labelled', service: 'web' } }], {
      authorization: `Bearer ${LABELLED_KEY}`,
    });
    expect(res.statusCode).toBe(200);
    const [a] = await get('?filter=alertname%3D"Labelled"');
    expect(a!.labels).toEqual({ alertname: 'Labelled', env: 'prod', service: 'api' });
  });

  it('stores the valid alerts of a batch and names each invalid one in the 400', async () => {
    const res = await post([
      { labels: { alertname: 'GoodOne' } },
      { labels: {} },
      { labels: { 'bad-name': 'x' } },
      {
        labels: { alertname: 'Backwards' },
        startsAt: '2026-01-02T00:00:00Z',
        endsAt: '2026-01-01T00:00:00Z',
      },
      { labels: { alertname: 'GoodTwo' }, startsAt: 'yesterday' },
      { labels: { alertname: 'GoodThree' } },
    ]);
    expect(res.statusCode).toBe(400);
    const message = res.json() as string;
    expect(message).toContain('alerts[1].labels: at least one label pair required');
    expect(message).toContain("alerts[2].labels: invalid label name 'bad-name'");
    expect(message).toContain('alerts[3].endsAt: before startsAt');
    expect(message).toContain('alerts[4].startsAt');
    const names = (await get('?filter=alertname%3D~"Good.*|Backwards"')).map(
      (a) => a.labels.alertname,
    );
    expect(names.sort()).toEqual(['GoodOne', 'GoodThree']);
  });

  it('rejects malformed bodies and giant batches whole, storing nothing', async () => {
    const notArray = await post({ labels: { alertname: 'Obj' } });
    expect(notArray.statusCode).toBe(400);
    const giant = await post(
      Array.from({ length: 10_001 }, (_, i) => ({ labels: { alertname: `Giant${i}` } })),
    );
    expect(giant.statusCode).toBe(400);
    expect(giant.json()).toContain('at most 10000');
    expect((await get('?filter=alertname%3D~"Giant.*|Obj"')).length).toBe(0);
  });

  it('merges re-sends: earliest start wins, re-sending is idempotent', async () => {
    const labels = { alertname: 'Resent', instance: 'a' };
    await post([{ labels, startsAt: '2026-11-22T10:00:00Z' }]);
    await post([{ labels, startsAt: '2026-11-22T09:00:00Z', annotations: { v: '2' } }]);
    await post([{ labels, startsAt: '2026-11-22T09:30:00Z', annotations: { v: '3' } }]);
    const found = await get('?filter=alertname%3D"Resent"');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      startsAt: '2026-11-22T09:00:00.000Z',
      annotations: { v: '3' },
    });
    const stored = await row(found[0]!.fingerprint);
    expect(Number(stored!.starts_at)).toBe(Date.parse('2026-11-22T09:00:00Z'));
  });

  it('resolves an alert when the sender says so, and when its endsAt passes', async () => {
    const labels = { alertname: 'Ending' };
    await post([{ labels, endsAt: new Date(Date.now() + 300).toISOString() }]);
    expect(await get('?filter=alertname%3D"Ending"')).toHaveLength(1);
    await until(async () => (await get('?filter=alertname%3D"Ending"')).length === 0, 5_000);
    const v1 = await t.app.inject({
      method: 'GET',
      url: '/api/v1/alerts?state=resolved&filter=alertname%3D"Ending"',
      headers: t.auth('viewer'),
    });
    expect(v1.json().items).toHaveLength(1);
    expect(v1.json().items[0].state).toBe('resolved');
    await post(fixture('prometheus-postable-alerts-resolved.json'));
    expect(await get('?filter=alertname%3D"NodeExporterDown"')).toHaveLength(0);
  });

  it('answers 503, never 429, when too many alerts wait for storage', async () => {
    // max_pending is 100 in this config: one batch above it cannot be queued.
    const res = await post(
      Array.from({ length: 150 }, (_, i) => ({ labels: { alertname: 'Flood', i: String(i) } })),
    );
    expect(res.statusCode).toBe(503);
    expect((await get('?filter=alertname%3D"Flood"')).length).toBe(0);
  });

  it('serves /api/v2/status with the routing config as Alertmanager YAML', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v2/status',
      headers: t.auth('viewer'),
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.cluster.status).toBe('disabled');
    expect(body.config.original).toContain('route:');
    expect(body.config.original).toContain('receiver: opsdeck');
  });
});
