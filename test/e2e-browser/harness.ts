/**
 * The server side of the browser tests: the real app (test/support/app.ts) listening on
 * 127.0.0.1 on a real SQLite file, with helpers to drive it over HTTP as a script would.
 *
 * SQLite only, on purpose: these tests are about the console and the status pages in a
 * browser, which talk HTTP and never see the dialect; every storage and domain behaviour they
 * touch is covered on both SQLite and PostgreSQL by the suites in src/ and test/ (sessions in
 * test/api/session.test.ts, incidents, silences, overview). Running them twice would double
 * the slowest part of the suite and test nothing new.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { openStore, type Store } from '../../src/store/index.js';
import type { Role } from '../../src/auth/index.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { makeTempDir } from '../support/temp-dir.js';
import { startWebhookReceiver } from '../support/webhook-receiver.js';

/** The password of the `private` status page. */
export const STATUS_PASSWORD = 'correct-horse-battery';

/**
 * Services with cheap checks (heartbeats: nothing runs until they are late), a paging policy
 * so that a P1 declared on `api` is `triggered` (acknowledgeable; its pages go to a local
 * webhook receiver), an on-call schedule, and two status pages: `public` (a service, then a
 * group of a service and a check) and `private` (password-protected).
 */
export const consoleConfig = (hookUrl: string) => `
people:
  alice: { name: Alice Martín, email: alice@example.com, role: responder, notify: { default: [hook] } }
  victor: { name: Victor Viewer, email: victor@example.com, role: viewer }
teams:
  sre: { members: [alice] }
schedules:
  sre-primary:
    name: SRE primary
    timezone: Europe/Madrid
    rotations:
      - { members: [alice, victor], every: 1w, handoff: Mon 09:00, start: '2026-01-05' }
channels:
  hook: { type: webhook, url: "${hookUrl}/page" }
escalation_policies:
  default: { steps: [{ notify: [person:alice] }] }
services:
  postgres:
    name: PostgreSQL
    team: sre
    checks:
      backup: { heartbeat: { uuid: ${randomUUID()}, period: 1d } }
  api:
    name: Public API
    team: sre
    escalation: default
    depends_on: [postgres]
    checks:
      cron: { heartbeat: { uuid: ${randomUUID()}, period: 1d } }
  web: { name: Web frontend, team: sre, depends_on: [api] }
status_pages:
  public:
    title: Acme status
    description: Live status of Acme's public services.
    components:
      - service: api
        description: The REST API used by the apps.
      - group: Data
        components:
          - service: postgres
          - check: postgres/backup
            name: Nightly backup
  private:
    title: Acme internal status
    password: ${STATUS_PASSWORD}
    components:
      - service: web
`;

export interface BrowserApp {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  store: Store;
  /** An API token per role (those of the first start; they stay valid across restarts). */
  tokens: Record<Role, string>;
  /** A JSON request with a role's bearer token; returns status and parsed body. */
  api<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    role?: Role,
  ): Promise<{ status: number; body: T }>;
  /** Closes the app (the port stops answering); the store stays open. */
  stop(): Promise<void>;
  /** A new app on the same store, listening on the same port. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** Starts the app on a fresh SQLite file; `yaml` gets the URL of a local webhook receiver. */
export async function startBrowserApp(
  yaml: (hookUrl: string) => string = consoleConfig,
): Promise<BrowserApp> {
  const receiver = await startWebhookReceiver();
  const config = yaml(receiver.url);
  const store = await openStore(`sqlite:${join(makeTempDir('opsdeck-browser-'), 'opsdeck.db')}`);
  await store.migrate();
  let t: TestApp | undefined = await startTestApp(store, config);
  const address = await t.app.listen({ host: '127.0.0.1', port: 0 });
  const port = Number(new URL(address).port);
  const url = `http://127.0.0.1:${port}`;
  const tokens = t.tokens;
  const app: BrowserApp = {
    url,
    port,
    store,
    tokens,
    async api<T>(method: string, path: string, body?: unknown, role: Role = 'admin') {
      const res = await fetch(url + path, {
        method,
        headers: {
          authorization: `Bearer ${tokens[role]}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
    },
    async stop() {
      const running = t;
      t = undefined;
      await running?.close();
    },
    async restart() {
      if (t) throw new Error('restart: the app is still running');
      // The second start makes tokens of its own; the first ones are in the same database.
      t = await startTestApp(store, config);
      await t.app.listen({ host: '127.0.0.1', port });
    },
    async close() {
      await app.stop();
      await store.close();
      await receiver.close();
    },
  };
  return app;
}

/**
 * Puts a session cookie for `token` into `context` (signed in over the API, as the form
 * does), so tests that are not about signing in skip typing it.
 */
export async function addSession(context: BrowserContext, base: string, token: string) {
  const res = await fetch(base + '/api/v1/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  expect(res.status).toBe(200);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('opsdeck_session='));
  const value = cookie!.split(';')[0]!.slice('opsdeck_session='.length);
  await context.addCookies([
    { name: 'opsdeck_session', value, url: base, httpOnly: true, sameSite: 'Strict' },
  ]);
}

/** Opens the console at `path` and signs in through the form with `token`. */
export async function signIn(page: Page, base: string, token: string, path = '/'): Promise<void> {
  await page.goto(base + path);
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('button', { name: 'Sign out', exact: true }).waitFor();
}

/**
 * Declares an incident over the API; returns its id. A P1 on `api` pages its policy, so it
 * starts `triggered` (acknowledgeable); other declarations start `investigating`.
 */
export async function declareIncident(
  app: BrowserApp,
  title: string,
  fields: { severity?: string; services?: string[] } = { severity: 'P1', services: ['api'] },
): Promise<number> {
  const res = await app.api<{ id: number; status: string }>(
    'POST',
    '/api/v1/incidents',
    { title, ...fields },
    'responder',
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

const DAY_MS = 86_400_000;

/**
 * Daily uptime history for every check: `days` closed UTC days of day rollups (one bad day
 * in a while), with the rollup progress saying they are complete. Restarts the app so the
 * status pages and the overview read it.
 */
export async function seedUptime(app: BrowserApp, days = 90): Promise<void> {
  const db = app.store.db;
  const checks = await db.selectFrom('checks').select('id').execute();
  expect(checks.length, 'the config has checks').toBeGreaterThan(0);
  const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  const rows = checks.flatMap(({ id }) =>
    Array.from({ length: days - 1 }, (_, i) => {
      const down = (id + i) % 11 === 0 ? 90 : 0;
      return {
        check_id: id,
        bucket: today - (i + 1) * DAY_MS,
        up: 1440 - down,
        degraded: 0,
        down,
        lat_min_us: 20_000,
        lat_max_us: 90_000,
        lat_sum_us: (1440 - down) * 35_000,
        lat_p95_us: 60_000,
      };
    }),
  );
  await app.stop();
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto('check_rollup_day')
      .values(rows.slice(i, i + 200))
      .execute();
  await db
    .insertInto('check_rollup_progress')
    .values({ granularity: 'day', done_until: today })
    .onConflict((oc) => oc.column('granularity').doUpdateSet({ done_until: today }))
    .execute();
  await app.restart();
}
