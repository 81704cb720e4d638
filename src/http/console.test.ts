import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { consoleRoutes } from './console.js';

function builtConsole(): string {
  const root = mkdtempSync(join(tmpdir(), 'opsdeck-web-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Opsdeck</title>');
  writeFileSync(join(root, 'assets', 'index-3f2a.js'), 'console.log(1)');
  writeFileSync(join(root, 'secret.txt'), 'not served');
  return root;
}

describe('console routes', async () => {
  const app = Fastify();
  await app.register(consoleRoutes, { root: builtConsole() });
  const bare = Fastify();
  await bare.register(consoleRoutes, { root: null });
  afterAll(() => Promise.all([app.close(), bare.close()]));

  it('answers every client-side page with index.html, a CSP and an ETag', async () => {
    for (const url of ['/', '/incidents/42', '/checks/api/health', '/oncall']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body).toContain('<title>Opsdeck</title>');
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['cache-control']).toBe('no-cache');
    }
    const first = await app.inject({ url: '/' });
    const again = await app.inject({
      url: '/alerts',
      headers: { 'if-none-match': String(first.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
  });

  it('serves hashed assets as immutable and nothing outside assets/', async () => {
    const asset = await app.inject({ url: '/assets/index-3f2a.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-type']).toMatch(/javascript/);
    for (const url of ['/assets/../secret.txt', '/assets/%2e%2e/secret.txt', '/secret.txt']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(res.body, url).not.toContain('not served');
    }
    expect((await app.inject({ url: '/assets/missing.js' })).statusCode).toBe(404);
  });

  it('says plainly when the console is not built', async () => {
    const res = await bare.inject({ url: '/' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('npm run build');
  });
});
