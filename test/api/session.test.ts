import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { startTestApp, type TestApp } from '../support/app.js';

const CONFIG = `
people:
  alice: { name: Alice, email: alice@example.com, role: responder }
  victor: { name: Victor, role: viewer }
services:
  api: {}
`;

/** The session cookie of a sign-in answer, as the browser would send it back. */
function cookieOf(res: { headers: Record<string, unknown> }): string {
  const raw = [res.headers['set-cookie']]
    .flat()
    .find((c) => String(c).startsWith('opsdeck_session='));
  expect(raw, 'a session cookie is set').toBeDefined();
  return String(raw).split(';')[0]!;
}

describeEachDialect('console sessions', (ctx) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(ctx.store(), CONFIG);
  });
  afterAll(() => t?.close());

  async function signIn(
    payload: object,
    headers: Record<string, string> = {},
    remoteAddress = '127.0.0.1',
  ) {
    return t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload,
      headers,
      remoteAddress,
    });
  }

  it('signs in with a token: httpOnly SameSite=Strict cookie, actor and CSRF token', async () => {
    const res = await signIn({ token: t.tokens.responder });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.actor.role).toBe('responder');
    expect(body.csrf_token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const setCookie = String([res.headers['set-cookie']].flat()[0]);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toContain(t.tokens.responder);
    const cookie = cookieOf(res);
    const again = await t.app.inject({ url: '/api/v1/session', headers: { cookie } });
    expect(again.json()).toMatchObject({ actor: body.actor, csrf_token: body.csrf_token });
    const list = await t.app.inject({ url: '/api/v1/incidents', headers: { cookie } });
    expect(list.statusCode).toBe(200);
  });

  it('refuses changes made with the cookie but without the right X-CSRF-Token', async () => {
    const res = await signIn({ token: t.tokens.responder });
    const cookie = cookieOf(res);
    const payload = { title: 'Checkout is slow', severity: 'P3' };
    for (const headers of [{ cookie }, { cookie, 'x-csrf-token': 'wrong' }]) {
      const refused = await t.app.inject({
        method: 'POST',
        url: '/api/v1/incidents',
        headers,
        payload,
      });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.code).toBe('csrf');
      expect(refused.json().error.message).toContain('x-csrf-token');
    }
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/incidents',
      headers: { cookie, 'x-csrf-token': res.json().csrf_token },
      payload,
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().title).toBe('Checkout is slow');
  });

  it('refuses a sign-in posted from another site (login CSRF)', async () => {
    const res = await signIn({ token: t.tokens.admin }, { origin: 'https://evil.example' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('csrf');
    expect(res.headers['set-cookie']).toBeUndefined();
    const same = await signIn(
      { token: t.tokens.admin },
      { origin: 'http://localhost:80', host: 'localhost:80' },
    );
    expect(same.statusCode).toBe(200);
  });

  it('names the missing role for a viewer session', async () => {
    const res = await signIn({ token: t.tokens.viewer });
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/v1/incidents',
      headers: { cookie: cookieOf(res), 'x-csrf-token': res.json().csrf_token },
      payload: { title: 'x', severity: 'P3' },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({
      code: 'forbidden',
      message: "this action needs the 'responder' role; your session has 'viewer'",
    });
  });

  it('says plainly when a session is signed out, expired or its token revoked', async () => {
    const res = await signIn({ token: t.tokens.viewer });
    const cookie = cookieOf(res);
    const out = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/session',
      headers: { cookie },
    });
    expect(out.statusCode).toBe(204);
    expect(String([out.headers['set-cookie']].flat()[0])).toMatch(/opsdeck_session=;/);
    const after = await t.app.inject({ url: '/api/v1/session', headers: { cookie } });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.message).toBe('you are signed out; sign in again');

    const second = cookieOf(await signIn({ token: t.tokens.viewer }));
    await ctx
      .store()
      .db.updateTable('console_sessions')
      .set({ expires_at: Date.now() - 1 })
      .execute();
    // Another instance (no cache) sees the expiry; so does this one once its 10 s memory lapses.
    const fresh = await startTestApp(ctx.store(), CONFIG);
    try {
      const expired = await fresh.app.inject({
        url: '/api/v1/session',
        headers: { cookie: second },
      });
      expect(expired.statusCode).toBe(401);
      expect(expired.json().error.message).toBe('your session has expired; sign in again');

      const created = (
        await fresh.app.inject({
          method: 'POST',
          url: '/api/v1/tokens',
          headers: fresh.auth('admin'),
          payload: { name: 'laptop', role: 'viewer' },
        })
      ).json();
      const third = cookieOf(await signIn({ token: created.secret }));
      await fresh.app.inject({
        method: 'DELETE',
        url: `/api/v1/tokens/${created.token.id}`,
        headers: fresh.auth('admin'),
      });
      const revoked = await fresh.app.inject({
        url: '/api/v1/session',
        headers: { cookie: third },
      });
      expect(revoked.statusCode).toBe(401);
      expect(revoked.json().error.message).toContain('revoked');
    } finally {
      await fresh.close();
    }
  });

  it('refuses a bad token with 401 and a bad body naming the field', async () => {
    const bad = await signIn({ token: 'odk_nope' });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error.message).toBe('cannot sign in: the token is not valid');
    const empty = await signIn({ token: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toContain('token');
  });

  it('signs people in with a password set by an admin, and a new password ends their sessions', async () => {
    const none = await signIn({ person: 'alice', password: 'correct horse battery' });
    expect(none.statusCode).toBe(401);
    expect(none.json().error.message).toBe('cannot sign in: unknown person or wrong password');
    const short = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/people/alice/password',
      headers: t.auth('admin'),
      payload: { password: 'short' },
    });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.message).toContain('password');
    const set = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/people/alice/password',
      headers: t.auth('admin'),
      payload: { password: 'correct horse battery' },
    });
    expect(set.statusCode).toBe(204);
    const row = await ctx
      .store()
      .db.selectFrom('person_passwords')
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(row.password_hash).not.toContain('correct horse');

    const wrong = await signIn({ person: 'alice', password: 'wrong horse battery' });
    expect(wrong.statusCode).toBe(401);
    const ok = await signIn({ person: 'alice', password: 'correct horse battery' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      actor: { id: 'person:alice', name: 'Alice', role: 'responder' },
      person: 'alice',
    });
    const cookie = cookieOf(ok);
    // A new password ends every session of the person.
    await t.app.inject({
      method: 'PUT',
      url: '/api/v1/people/alice/password',
      headers: t.auth('admin'),
      payload: { password: 'a brand new password' },
    });
    expect((await t.app.inject({ url: '/api/v1/session', headers: { cookie } })).statusCode).toBe(
      401,
    );
    expect((await signIn({ person: 'alice', password: 'correct horse battery' })).statusCode).toBe(
      401,
    );
    expect((await signIn({ person: 'alice', password: 'a brand new password' })).statusCode).toBe(
      200,
    );
    const unknown = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/people/nobody/password',
      headers: t.auth('admin'),
      payload: { password: 'a brand new password' },
    });
    expect(unknown.statusCode).toBe(404);
    const audit = await ctx
      .store()
      .db.selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'person.%')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['person.password_set', 'person.password_set']);
  });

  it('refuses password guesses after 10 failures with 429 and Retry-After', async () => {
    await t.app.inject({
      method: 'PUT',
      url: '/api/v1/people/victor/password',
      headers: t.auth('admin'),
      payload: { password: 'victor long password' },
    });
    for (let i = 0; i < 10; i++) {
      // From an address of its own: other tests' wrong passwords count against 127.0.0.1.
      const wrong = await signIn(
        { person: 'victor', password: `guess number ${i}` },
        {},
        '10.9.8.7',
      );
      expect(wrong.statusCode).toBe(401);
    }
    const limited = await signIn(
      { person: 'victor', password: 'victor long password' },
      {},
      '10.9.8.7',
    );
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('rate_limited');
    expect(limited.json().error.message).toMatch(
      /^too many failed sign-ins; try again in 1[45] min$/,
    );
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(800);
    // Tokens cannot be guessed and are not throttled.
    expect((await signIn({ token: t.tokens.viewer })).statusCode).toBe(200);
  });
});
