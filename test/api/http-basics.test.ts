import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { startTestApp, type TestApp } from '../support/app.js';

describeEachDialect('HTTP basics', (ctx) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(ctx.store());
  });
  afterAll(() => t?.close());

  it('answers /healthz and /readyz', async () => {
    expect((await t.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', checks: { config: 'ok', storage: 'ok' } });
  });

  it('exposes Prometheus metrics: process, build info, config reload, request durations by route', async () => {
    await t.app.inject({ url: '/api/v1/services', headers: t.auth('viewer') });
    const res = await t.app.inject('/metrics');
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.body).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(res.body).toMatch(
      /^opsdeck_build_info\{version="\d+\.\d+\.\d+",node_version="v20[^"]*"\} 1$/m,
    );
    expect(res.body).toMatch(/^opsdeck_config_last_reload_success 1$/m);
    expect(res.body).toMatch(
      /^opsdeck_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/services",status_code="200"\} [1-9]/m,
    );
  });

  it('publishes an OpenAPI 3.1 document generated from the route schemas', async () => {
    const doc = (await t.app.inject('/api/v1/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/services',
        '/api/v1/services/{id}',
        '/api/v1/audit',
        '/api/v1/tokens',
      ]),
    );
    const list = doc.paths['/api/v1/services'].get;
    expect(list.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['limit', 'cursor', 'team', 'tier']),
    );
    expect(doc.components.securitySchemes.bearer.scheme).toBe('bearer');
  });

  it('echoes a sane X-Request-Id and mints one otherwise', async () => {
    const kept = await t.app.inject({ url: '/healthz', headers: { 'x-request-id': 'abc-123' } });
    expect(kept.headers['x-request-id']).toBe('abc-123');
    const minted = await t.app.inject({
      url: '/healthz',
      headers: { 'x-request-id': 'bad id with spaces\n' },
    });
    expect(minted.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  describe('bad input gets a 4xx envelope, never a 500', () => {
    const post = (payload: string, contentType: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        headers: { ...t.auth('admin'), 'content-type': contentType },
        payload,
      });

    it('unknown route → 404 not_found', async () => {
      const res = await t.app.inject('/api/v1/nope');
      expect(res.statusCode).toBe(404);
      expect(res.json().error).toMatchObject({
        code: 'not_found',
        message: 'no route for GET /api/v1/nope',
      });
    });

    it('malformed JSON → 400 invalid_json', async () => {
      const res = await post('{"name": ', 'application/json');
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('invalid_json');
    });

    it('wrong content type → 415', async () => {
      const res = await post('name=x', 'application/x-www-form-urlencoded');
      expect(res.statusCode).toBe(415);
      expect(res.json().error).toMatchObject({ code: 'unsupported_media_type' });
      expect(res.json().error.message).toContain('application/x-www-form-urlencoded');
    });

    it('oversized body → 413', async () => {
      const res = await post(
        JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024), role: 'viewer' }),
        'application/json',
      );
      expect(res.statusCode).toBe(413);
      expect(res.json().error.code).toBe('payload_too_large');
    });

    it('schema violations name the field', async () => {
      const res = await post(JSON.stringify({ name: 'x', role: 'root' }), 'application/json');
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
      expect(res.json().error.message).toMatch(/^body\.role: /);
      const extra = await post(
        JSON.stringify({ name: 'x', role: 'viewer', nmae: 'typo' }),
        'application/json',
      );
      expect(extra.json().error.message).toContain('nmae');
      const query = await t.app.inject({
        url: '/api/v1/services?limit=100000',
        headers: t.auth('viewer'),
      });
      expect(query.statusCode).toBe(400);
      expect(query.json().error.message).toMatch(/^querystring\.limit: /);
    });
  });
});
