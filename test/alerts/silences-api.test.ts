/**
 * Silence routes through the real app: Alertmanager API v2 exactly as amtool speaks it
 * (api/v2/openapi.yaml shapes, bare JSON string errors) and Opsdeck's /api/v1/silences.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { startTestApp, type TestApp } from '../support/app.js';
import type { Role } from '../../src/auth/index.js';

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

describeEachDialect('silences API', (ctx) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(ctx.store());
  });
  afterAll(() => t?.close());
  beforeEach(async () => {
    // Clear storage and let the running Silences forget what it held.
    await ctx.store().db.deleteFrom('silences').execute();
    await t.silences.sweep();
  });

  const call = (method: string, url: string, payload?: unknown, role: Role = 'responder') =>
    t.app.inject({
      method: method as 'GET',
      url,
      headers: t.auth(role),
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const postable = (over: Record<string, unknown> = {}) => ({
    matchers: [
      { name: 'alertname', value: 'HighLatency', isRegex: false, isEqual: true },
      { name: 'instance', value: 'web-.*', isRegex: true },
    ],
    startsAt: iso(Date.now()),
    endsAt: iso(Date.now() + HOUR),
    createdBy: 'alice',
    comment: 'deploy',
    ...over,
  });

  it('POST /api/v2/silences answers {silenceID}; GET returns gettableSilence exactly', async () => {
    const res = await call('POST', '/api/v2/silences', postable());
    expect(res.statusCode, res.body).toBe(200);
    const { silenceID } = res.json();
    expect(Object.keys(res.json())).toEqual(['silenceID']);
    const got = await call('GET', `/api/v2/silence/${silenceID}`, undefined, 'viewer');
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toMatch(/^application\/json/);
    const body = got.json();
    expect(Object.keys(body).sort()).toEqual(
      [
        'comment',
        'createdBy',
        'endsAt',
        'id',
        'matchers',
        'startsAt',
        'status',
        'updatedAt',
      ].sort(),
    );
    expect(body).toMatchObject({
      id: silenceID,
      status: { state: 'active' },
      createdBy: 'alice',
      comment: 'deploy',
      matchers: [
        { name: 'alertname', value: 'HighLatency', isRegex: false, isEqual: true },
        { name: 'instance', value: 'web-.*', isRegex: true, isEqual: true },
      ],
    });
    expect(body.endsAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(t.silences.mutedBy({ alertname: 'HighLatency', instance: 'web-1' })).toEqual([
      silenceID,
    ]);
  });

  it('lists with repeated filters, updates in place by id, expires with DELETE', async () => {
    const a = (await call('POST', '/api/v2/silences', postable())).json().silenceID;
    const other = postable({
      matchers: [{ name: 'job', value: 'db', isRegex: false, isEqual: false }],
    });
    const b = (await call('POST', '/api/v2/silences', other)).json().silenceID;
    const list = async (query: string) =>
      (await call('GET', `/api/v2/silences${query}`, undefined, 'viewer'))
        .json()
        .map((s: { id: string }) => s.id);
    expect((await list('')).sort()).toEqual([a, b].sort());
    expect(await list('?filter=alertname%3D%22HighLatency%22')).toEqual([a]);
    expect(await list('?filter=alertname%3DHighLatency&filter=instance%3D~db.*')).toEqual([]);
    expect(await list('?filter=instance%3D~web.*')).toEqual([a]);
    expect(await list('?filter=job%3Ddb')).toEqual([b]);
    const badFilter = await call('GET', '/api/v2/silences?filter=%3Dx', undefined, 'viewer');
    expect([badFilter.statusCode, badFilter.json()]).toEqual([
      400,
      'filter: bad matcher format: =x',
    ]);

    const silence = (await call('GET', `/api/v2/silence/${a}`)).json();
    const update = await call('POST', '/api/v2/silences', {
      ...silence,
      endsAt: iso(Date.now() + 2 * HOUR),
      comment: 'longer',
    });
    expect(update.json()).toEqual({ silenceID: a });
    expect((await call('GET', `/api/v2/silence/${a}`)).json().comment).toBe('longer');

    const del = await call('DELETE', `/api/v2/silence/${a}`);
    expect([del.statusCode, del.body]).toEqual([200, '']);
    expect((await call('GET', `/api/v2/silence/${a}`)).json().status.state).toBe('expired');
    const again = await call('DELETE', `/api/v2/silence/${a}`);
    expect([again.statusCode, again.json()]).toEqual([409, `silence '${a}' already expired`]);
  });

  it('answers 400 with a JSON string naming the field, and 404 for unknown ids', async () => {
    const cases: Array<[unknown, string]> = [
      [postable({ matchers: [] }), 'matchers: at least one matcher required'],
      [postable({ matchers: undefined }), 'matchers: required'],
      [
        postable({ matchers: [{ name: 'a', value: '(', isRegex: true }] }),
        'matchers[0].value: invalid regular expression',
      ],
      [postable({ matchers: [{ name: 'a', value: 'x' }] }), 'matchers[0].isRegex: required'],
      [postable({ endsAt: 'tomorrow' }), 'endsAt: expected an RFC 3339 time'],
      [postable({ endsAt: iso(Date.now() - HOUR) }), 'endsAt: must be after startsAt'],
      [postable({ createdBy: '' }), 'createdBy: required'],
      [postable({ comment: undefined }), 'comment: required'],
      [[], 'body: expected an object'],
    ];
    for (const [payload, message] of cases) {
      const res = await call('POST', '/api/v2/silences', payload);
      expect(res.statusCode, message).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.json()).toContain(message);
    }
    const unknown = '6e0d6e1e-0000-4000-8000-000000000000';
    for (const [method, url, body] of [
      ['GET', `/api/v2/silence/${unknown}`],
      ['DELETE', `/api/v2/silence/${unknown}`],
      ['POST', '/api/v2/silences', postable({ id: unknown })],
    ] as const) {
      const res = await call(method, url, body);
      expect([res.statusCode, res.json()], `${method} ${url}`).toEqual([
        404,
        `silence '${unknown}' not found`,
      ]);
    }
    expect(await ctx.store().db.selectFrom('silences').selectAll().execute()).toEqual([]);
  });

  it('/api/v1/silences: text matchers, duration, author from the token, envelope errors', async () => {
    const res = await call('POST', '/api/v1/silences', {
      matchers: ['service="api"', { name: 'env', type: '!=', value: 'dev' }],
      duration: '2h',
      comment: 'maintenance',
    });
    expect(res.statusCode, res.body).toBe(201);
    const s = res.json();
    expect(s).toMatchObject({
      state: 'active',
      created_by: 'test-responder',
      matchers: [
        { name: 'service', type: '=', value: 'api' },
        { name: 'env', type: '!=', value: 'dev' },
      ],
    });
    // The end is counted from the request's arrival; the start is when the write ran.
    const span = Date.parse(s.ends_at) - Date.parse(s.starts_at);
    expect(span).toBeLessThanOrEqual(2 * HOUR);
    expect(span).toBeGreaterThan(2 * HOUR - 1000);
    const list = await call('GET', '/api/v1/silences?state=active&filter=service%3Dapi');
    expect(list.json().items.map((x: { id: string }) => x.id)).toEqual([s.id]);
    const expired = await call('POST', `/api/v1/silences/${s.id}/expire`);
    expect(expired.json().state).toBe('expired');
    const bad = await call('POST', '/api/v1/silences', {
      matchers: ['service=~"("'],
      duration: '1h',
      comment: 'x',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'validation_failed' });
    expect(bad.json().error.message).toMatch(/^matchers\[0\]: /);
    const missing = await call('GET', '/api/v1/silences/nope');
    expect([missing.statusCode, missing.json().error.code]).toEqual([404, 'not_found']);
  });
});
