/**
 * The console in Chromium, the way a responder uses it: sign in and out (token, person and
 * password), acknowledge and resolve from the incident page (buttons and the `a` shortcut),
 * add a note, silence an alert from the alerts page, and see a new incident appear live (SSE)
 * without a reload.
 *
 * Bad input: a session that ends while a note is being written, a viewer who tries to
 * acknowledge, and a server that goes away and comes back. Each time the console says what
 * happened in plain words, keeps what was typed, and recovers without a reload.
 * SQLite only: see harness.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeBrowser, poll, screenshot, useBrowser } from '../support/browser.js';
import {
  addSession,
  declareIncident,
  signIn,
  startBrowserApp,
  type BrowserApp,
} from './harness.js';

describeBrowser('console in a browser', () => {
  let app: BrowserApp;
  const b = useBrowser();
  beforeAll(async () => {
    app = await startBrowserApp();
  });
  afterAll(() => app?.close());

  it('signs in with a token through the form, shows the services, signs out', async () => {
    const page = await b.newPage();
    await page.goto(app.url + '/');
    await page.getByRole('heading', { level: 1, name: 'Sign in to Opsdeck' }).waitFor();
    await page.getByLabel('API token').fill(app.tokens.responder);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();

    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    const services = page.getByTestId('service-table');
    await poll(() => services.getByRole('rowheader').allInnerTexts()).toEqual([
      expect.stringContaining('PostgreSQL'),
      expect.stringContaining('Public API'),
      expect.stringContaining('Web frontend'),
    ]);
    expect(await page.getByTestId('actor').innerText()).toContain('responder');
    // The browser keeps no token: only the httpOnly session cookie.
    const cookies = await page.context().cookies();
    expect(cookies.map((c) => c.name)).toEqual(['opsdeck_session']);
    expect(cookies[0]).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    const storage = await page.evaluate('JSON.stringify({ ...localStorage, ...sessionStorage })');
    expect(storage).not.toContain(app.tokens.responder);
    await screenshot(page, 'console-overview');

    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in to Opsdeck' }).waitFor();
    await page.getByText('You are signed out.').waitFor();
    // Signed out on the server too: a reload does not come back signed in.
    await page.reload();
    await page.getByLabel('API token').waitFor();
    expect(await page.getByRole('button', { name: 'Sign out', exact: true }).count()).toBe(0);
  });

  it('signs in with a person and password', async () => {
    const set = await app.api('PUT', '/api/v1/people/alice/password', {
      password: 'alice-console-password-42',
    });
    expect(set.status).toBe(204);
    const page = await b.newPage();
    await page.goto(app.url + '/');
    await page.getByRole('button', { name: 'Person and password' }).click();
    await page.getByLabel('Person id').fill('alice');
    await page.getByLabel('Password', { exact: true }).fill('not her password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await poll(() => page.getByRole('alert').first().innerText()).toContain(
      'That person and password were not accepted',
    );
    // The person stays typed; only the password needs typing again.
    expect(await page.getByLabel('Person id').inputValue()).toBe('alice');

    await page.getByLabel('Password', { exact: true }).fill('alice-console-password-42');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    expect(await page.getByTestId('actor').innerText()).toMatch(/Alice Martín\s*\(responder\)/);
  });

  it('refuses a wrong token with a plain message and keeps the form', async () => {
    const page = await b.newPage();
    await page.goto(app.url + '/');
    await page.getByLabel('API token').fill('not-a-real-token-0123456789');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await poll(() => page.getByRole('alert').first().innerText()).toContain(
      'That token was not accepted',
    );
    expect(await page.getByLabel('API token').isVisible()).toBe(true);
  });

  it('acknowledges, notes and resolves from the incident page', async () => {
    const id = await declareIncident(app, 'Checkout is slow');
    const page = await b.newPage();
    await signIn(page, app.url, app.tokens.responder, `/incidents/${id}`);
    await page.getByRole('heading', { level: 1, name: `#${id} Checkout is slow` }).waitFor();
    const state = page.locator('.page-head [data-state]');
    const actions = page.getByRole('group', { name: 'Incident actions' });
    const acknowledge = actions.getByRole('button', { name: /^Acknowledge/ });

    await acknowledge.click();
    await poll(() => state.innerText()).toBe('acknowledged');
    await page.getByText(`Acknowledged incident #${id}`).waitFor();
    await poll(() => acknowledge.isDisabled()).toBe(true);

    await page.getByLabel('Note (markdown)').fill('Rolled back **deploy 42**.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByTestId('timeline').locator('strong', { hasText: 'deploy 42' }).waitFor();
    await poll(() => page.getByLabel('Note (markdown)').inputValue()).toBe('');

    await actions.getByRole('button', { name: /^Resolve/ }).click();
    const dialog = page.getByRole('dialog', { name: `Resolve incident #${id}?` });
    await dialog.getByLabel('Reason (optional)').fill('rollback done');
    await dialog.getByRole('button', { name: 'Resolve', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await poll(() => state.innerText()).toBe('resolved');

    const stored = await app.api<{ status: string; acknowledged_by: string | null }>(
      'GET',
      `/api/v1/incidents/${id}`,
    );
    expect(stored.body.status).toBe('resolved');
    expect(stored.body.acknowledged_by).toBeTruthy();
  });

  it('acknowledges with the `a` shortcut', async () => {
    const id = await declareIncident(app, 'Disk almost full');
    const page = await b.newPage();
    await signIn(page, app.url, app.tokens.responder, `/incidents/${id}`);
    const state = page.locator('.page-head [data-state]');
    await poll(() => state.innerText()).toBe('triggered');
    await page.keyboard.press('a');
    await poll(() => state.innerText()).toBe('acknowledged');
    const stored = await app.api<{ status: string }>('GET', `/api/v1/incidents/${id}`);
    expect(stored.body.status).toBe('acknowledged');
  });

  it('creates a silence from an alert with its labels as matchers', async () => {
    const res = await app.api(
      'POST',
      '/api/v2/alerts',
      [{ labels: { alertname: 'DiskFull', service: 'api', instance: 'db-1' } }],
      'responder',
    );
    expect(res.status).toBe(200);
    const page = await b.newPage();
    await signIn(page, app.url, app.tokens.responder, '/alerts');
    await page.getByRole('heading', { level: 1, name: 'Alerts' }).waitFor();
    await page.getByRole('button', { name: 'Silence DiskFull' }).click();
    const dialog = page.getByRole('dialog', { name: 'Silence DiskFull' });
    await dialog.getByRole('group', { name: 'Matchers' }).waitFor();
    await dialog.getByLabel('Duration').fill('1h');
    await dialog.getByLabel('Comment').fill('disk resize in progress');
    await dialog.getByRole('button', { name: 'Create silence' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText(/Silence [0-9a-f]{8} created/).waitFor();

    const list = await app.api<{
      items: { comment: string; matchers: { name: string; type: string; value: string }[] }[];
    }>('GET', '/api/v1/silences');
    const silence = list.body.items.find((s) => s.comment === 'disk resize in progress');
    expect(silence, JSON.stringify(list.body)).toBeDefined();
    const matchers = Object.fromEntries(
      silence!.matchers.map((m) => [m.name, `${m.type}${m.value}`]),
    );
    expect(matchers).toEqual({ alertname: '=DiskFull', service: '=api', instance: '=db-1' });

    // The alert now shows as silenced.
    await page.getByRole('tab', { name: 'Silenced' }).click();
    await poll(() => page.getByTestId('alert-list').innerText()).toContain('DiskFull');
  });

  it('shows an incident declared elsewhere without a reload (server-sent events)', async () => {
    const page = await b.newPage();
    await signIn(page, app.url, app.tokens.viewer, '/incidents');
    await poll(() => page.getByTestId('live-indicator').innerText()).toBe('Live');
    const marker = await page.evaluate('window.__marker = Math.random()');
    await declareIncident(app, 'Payments webhook failing');
    await page.getByRole('link', { name: /Payments webhook failing/ }).waitFor();

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Overview' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await declareIncident(app, 'Search index lagging');
    // The overview's incident panel reloads on incident.* events.
    await poll(() => page.getByTestId('open-incidents').innerText()).toContain(
      'Search index lagging',
    );
    // Same document all along: no reload happened.
    expect(await page.evaluate('window.__marker')).toBe(marker);
  });

  describe('bad input', () => {
    interface Shown {
      status: string;
      timeline: { kind: string }[];
    }

    async function openIncident(role: 'responder' | 'viewer', id: number): Promise<Page> {
      const context = await b.newContext();
      await addSession(context, app.url, app.tokens[role]);
      const page = await context.newPage();
      await page.goto(`${app.url}/incidents/${id}`);
      await page.getByRole('group', { name: 'Incident actions' }).waitFor();
      return page;
    }

    const notesOf = async (id: number) =>
      (await app.api<Shown>('GET', `/api/v1/incidents/${id}`)).body.timeline.filter(
        (e) => e.kind === 'note',
      );

    it('an expired session asks to sign in again, keeps the note, and sends it once', async () => {
      const id = await declareIncident(app, 'Queue backlog growing');
      const page = await openIncident('responder', id);
      const marker = await page.evaluate('window.__marker = Math.random()');
      const note = 'Scaled workers from 4 to 12; backlog draining.';
      await page.getByLabel('Note (markdown)').fill(note);

      // The session ends on the server (as when it expires or is signed out elsewhere).
      const [cookie] = await page.context().cookies();
      const ended = await fetch(`${app.url}/api/v1/session`, {
        method: 'DELETE',
        headers: { cookie: `${cookie!.name}=${cookie!.value}` },
      });
      expect(ended.status).toBe(204);

      await page.getByRole('button', { name: 'Add note' }).click();
      const dialog = page.getByRole('dialog', { name: /session has expired/ });
      await dialog.waitFor();
      await screenshot(page, 'session-expired-dialog');
      // What was typed is still there, under the dialog.
      expect(await page.getByLabel('Note (markdown)').inputValue()).toBe(note);
      expect(await notesOf(id)).toHaveLength(0);

      await dialog.getByLabel('API token').fill(app.tokens.responder);
      await dialog.getByRole('button', { name: 'Sign in', exact: true }).click();
      await dialog.waitFor({ state: 'hidden' });
      // The request that met the expired session is sent again after sign-in.
      await poll(() => page.getByTestId('timeline').innerText()).toContain('backlog draining');
      await poll(() => page.getByLabel('Note (markdown)').inputValue()).toBe('');
      const notes = await notesOf(id);
      expect(notes, 'the note lands exactly once').toHaveLength(1);
      expect(await page.evaluate('window.__marker')).toBe(marker);
    });

    it('a draft note survives a reload after the session ended', async () => {
      const id = await declareIncident(app, 'Cache hit rate dropped');
      const page = await openIncident('responder', id);
      await page.getByLabel('Note (markdown)').fill('Draft: suspect the new TTL');
      const [cookie] = await page.context().cookies();
      await fetch(`${app.url}/api/v1/session`, {
        method: 'DELETE',
        headers: { cookie: `${cookie!.name}=${cookie!.value}` },
      });
      await page.reload();
      // Signed out: the sign-in page, then back to the incident with the draft in place.
      await page.getByLabel('API token').fill(app.tokens.responder);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await poll(() => page.getByLabel('Note (markdown)').inputValue()).toBe(
        'Draft: suspect the new TTL',
      );
    });

    it('a viewer who clicks Acknowledge is told which role is missing', async () => {
      const id = await declareIncident(app, 'Login errors');
      const page = await openIncident('viewer', id);
      await page
        .getByRole('group', { name: 'Incident actions' })
        .getByRole('button', { name: /^Acknowledge/ })
        .click();
      await poll(() => page.getByTestId('toasts').getByRole('alert').innerText()).toContain(
        "needs the 'responder' role",
      );
      expect(await page.getByTestId('toasts').getByRole('alert').innerText()).toContain('viewer');
      await screenshot(page, 'viewer-forbidden');
      // Still on the page, nothing changed.
      expect(await page.locator('.page-head [data-state]').innerText()).toBe('triggered');
      expect((await app.api<Shown>('GET', `/api/v1/incidents/${id}`)).body.status).toBe(
        'triggered',
      );
    });

    it('says when the server is gone, keeps the typed note, and recovers when it is back', async () => {
      const id = await declareIncident(app, 'Primary database failover');
      const page = await openIncident('responder', id);
      await poll(() => page.getByTestId('live-indicator').innerText()).toBe('Live');
      const marker = await page.evaluate('window.__marker = Math.random()');
      const note = 'Failover to replica **db-2** started.';
      await page.getByLabel('Note (markdown)').fill(note);

      await app.stop();
      const banner = page.getByTestId('offline-banner');
      await banner.waitFor();
      expect(await banner.innerText()).toMatch(/not reachable/);
      await page.getByRole('button', { name: 'Add note' }).click();
      await poll(() => page.locator('form .error-text').innerText()).toMatch(/not reachable/);
      expect(await page.getByLabel('Note (markdown)').inputValue()).toBe(note);
      await screenshot(page, 'server-unreachable');

      await app.restart();
      await banner.waitFor({ state: 'hidden', timeout: 20_000 });
      await poll(() => page.getByTestId('live-indicator').innerText(), 20_000).toBe('Live');
      expect(await page.getByLabel('Note (markdown)').inputValue()).toBe(note);
      await page.getByRole('button', { name: 'Add note' }).click();
      await page.getByTestId('timeline').locator('strong', { hasText: 'db-2' }).waitFor();
      expect(await notesOf(id)).toHaveLength(1);
      expect(await page.evaluate('window.__marker')).toBe(marker);
    }, 60_000);
  });
});
