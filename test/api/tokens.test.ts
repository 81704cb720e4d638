import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { bootstrapAdminToken, countActiveTokens } from '../../src/auth/index.js';

describeEachDialect('API tokens and audit', (ctx) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(ctx.store());
  });
  afterAll(() => t?.close());
  const db = () => ctx.store().db;

  it('creates a token whose secret is shown once and stored only as a SHA-256 hash', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: t.auth('admin'),
      payload: { name: 'ci', role: 'responder' },
    });
    expect(res.statusCode).toBe(201);
    const { token, secret } = res.json();
    expect(secret).toMatch(/^odk_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret.slice(4), 'base64url')).toHaveLength(32);
    const row = await db()
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', token.id)
      .executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(secret);
    const list = await t.app.inject({ url: '/api/v1/tokens', headers: t.auth('admin') });
    expect(list.body).not.toContain(secret);
    expect(list.body).not.toContain(row.token_hash);
    const me = await t.app.inject({
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(me.json()).toEqual({ id: `token:${token.id}`, name: 'ci', role: 'responder' });
  });

  it('refuses a revoked token and an expired one', async () => {
    const created = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        headers: t.auth('admin'),
        payload: { name: 'short', role: 'viewer', expires_in: '1s' },
      })
    ).json();
    const headers = { authorization: `Bearer ${created.secret}` };
    expect((await t.app.inject({ url: '/api/v1/me', headers })).statusCode).toBe(200);
    await new Promise((r) => setTimeout(r, 1100));
    // The token is cached as valid by now; expiry must still apply.
    const expired = await t.app.inject({ url: '/api/v1/me', headers });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.message).toBe('token has expired');

    const other = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        headers: t.auth('admin'),
        payload: { name: 'gone', role: 'viewer' },
      })
    ).json();
    const revoke = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/tokens/${other.token.id}`,
      headers: t.auth('admin'),
    });
    expect(revoke.json().token.revoked_at).not.toBeNull();
    const refused = await t.app.inject({
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${other.secret}` },
    });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.message).toBe('token has been revoked');
    expect(
      (
        await t.app.inject({
          method: 'DELETE',
          url: '/api/v1/tokens/tok_nope',
          headers: t.auth('admin'),
        })
      ).statusCode,
    ).toBe(404);
  });

  it('rejects a bad expiry with the field named', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: t.auth('admin'),
      payload: { name: 'x', role: 'viewer', expires_in: 'soon' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/^body\.expires_in: /);
  });

  it('records who did what in the audit log, newest first, with pagination', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { ...t.auth('admin'), 'x-request-id': 'audit-probe-1' },
      payload: { name: 'audited', role: 'viewer' },
    });
    const id = created.json().token.id;
    const page = (
      await t.app.inject({ url: '/api/v1/audit?limit=1', headers: t.auth('admin') })
    ).json();
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({
      action: 'token.create',
      target: `token:${id}`,
      actor_name: 'test-admin',
      request_id: 'audit-probe-1',
      details: { name: 'audited', role: 'viewer' },
    });
    expect(page.items[0].actor).toMatch(/^token:tok_[0-9a-f]{12}$/);
    expect(Date.parse(page.items[0].at)).toBeGreaterThan(Date.now() - 60_000);
    const next = (
      await t.app.inject({
        url: `/api/v1/audit?limit=1&cursor=${page.next_cursor}`,
        headers: t.auth('admin'),
      })
    ).json();
    expect(next.items[0].id).toBeLessThan(page.items[0].id);
    const filtered = (
      await t.app.inject({ url: '/api/v1/audit?action=token.revoke', headers: t.auth('admin') })
    ).json();
    expect(filtered.items.length).toBeGreaterThan(0);
    expect(filtered.items.every((e: { action: string }) => e.action === 'token.revoke')).toBe(true);
  });

  describe('admin bootstrap', () => {
    it('registers OPSDECK_ADMIN_TOKEN once, keeps a revoked one revoked, and rejects a short one', async () => {
      const secret = 'x'.repeat(40);
      expect(await bootstrapAdminToken(db(), secret)).toEqual({ kind: 'env-token-created' });
      expect(await bootstrapAdminToken(db(), secret)).toEqual({ kind: 'env-token-present' });
      const me = await t.app.inject({
        url: '/api/v1/me',
        headers: { authorization: `Bearer ${secret}` },
      });
      expect(me.json()).toMatchObject({ name: 'OPSDECK_ADMIN_TOKEN', role: 'admin' });
      await db()
        .updateTable('api_tokens')
        .set({ revoked_at: Date.now() })
        .where('name', '=', 'OPSDECK_ADMIN_TOKEN')
        .execute();
      expect(await bootstrapAdminToken(db(), secret)).toEqual({ kind: 'env-token-revoked' });
      await expect(bootstrapAdminToken(db(), 'short')).rejects.toThrow(/at least 32 characters/);
    });

    it('generates one admin token only when no active token exists', async () => {
      expect(await bootstrapAdminToken(db(), undefined)).toEqual({ kind: 'none-needed' });
      await db()
        .updateTable('api_tokens')
        .set({ revoked_at: Date.now() })
        .where('revoked_at', 'is', null)
        .execute();
      expect(await countActiveTokens(db())).toBe(0);
      const boot = await bootstrapAdminToken(db(), undefined);
      expect(boot.kind).toBe('generated');
      expect(await countActiveTokens(db())).toBe(1);
      expect(await bootstrapAdminToken(db(), undefined)).toEqual({ kind: 'none-needed' });
    });
  });
});
