/**
 * Every main page, loaded for real in Chromium:
 * - the public status pages, with and without JavaScript (server-rendered HTML that must not
 *   need it): title, overall status, components and groups with their daily uptime bars, a
 *   day's detail from a bar, the password-protected page's form;
 * - axe-core finds no serious or critical accessibility violation on the sign-in page, the
 *   console's pages and the status pages, in the light and the dark theme (the dark one
 *   through the system preference, `colorScheme: 'dark'`);
 * - on a phone (390×844, touch) the overview, an incident and the status page are usable: no
 *   sideways scrolling, the incident verbs visible and tappable.
 * Screenshots go to test-artifacts/screenshots/. SQLite only: see harness.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import {
  COLOUR_RULES,
  describeBrowser,
  expectNoSeriousA11yViolations,
  pageWidths,
  poll,
  screenshot,
  useBrowser,
} from '../support/browser.js';
import {
  addSession,
  declareIncident,
  seedUptime,
  startBrowserApp,
  STATUS_PASSWORD,
  type BrowserApp,
} from './harness.js';

interface ConsolePage {
  name: string;
  /** Gets there the way a user does, inside the app (no reload: axe stays loaded). */
  open: (page: Page) => Promise<void>;
  /** Present once the page has its data (not just its loading state). */
  ready: (page: Page) => Locator;
}

const nav = (name: string) => (page: Page) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();

const PAGES: ConsolePage[] = [
  { name: 'overview', open: nav('Overview'), ready: (p) => p.getByTestId('service-table') },
  { name: 'checks', open: nav('Checks'), ready: (p) => p.getByTestId('checks-table') },
  {
    name: 'alerts',
    open: nav('Alerts'),
    ready: (p) => p.getByTestId('alert-list').getByText('HighLatency'),
  },
  { name: 'incidents', open: nav('Incidents'), ready: (p) => p.getByTestId('incident-table') },
  {
    name: 'incident',
    open: (p) =>
      p
        .getByTestId('incident-table')
        .getByRole('link', { name: /Elevated 5xx/ })
        .click(),
    ready: (p) => p.getByTestId('timeline'),
  },
  { name: 'oncall', open: nav('On-call'), ready: (p) => p.getByTestId('oncall-schedules') },
];

const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 3,
  isMobile: true,
  hasTouch: true,
};

/** The page's `getComputedStyle` (this file is type-checked without the DOM lib). */
type StyleWindow = { getComputedStyle(e: unknown): { backgroundColor: string } };

describeBrowser('pages in a browser', () => {
  let app: BrowserApp;
  const b = useBrowser();
  beforeAll(async () => {
    app = await startBrowserApp();
    // History, so the overview and the status pages draw their uptime bars.
    await seedUptime(app);
    await declareIncident(app, 'Elevated 5xx on checkout');
    await declareIncident(app, 'Slow search', { severity: 'P3' });
    const fired = await app.api(
      'POST',
      '/api/v2/alerts',
      [
        {
          labels: { alertname: 'HighLatency', service: 'api', severity: 'P2' },
          annotations: { summary: 'p99 above 800 ms for 10 minutes' },
        },
      ],
      'responder',
    );
    expect(fired.status).toBe(200);
  });
  afterAll(() => app?.close());

  describe('status pages', () => {
    /** What every visitor must see, JavaScript or not. */
    async function expectStatusPage(page: Page): Promise<void> {
      expect(await page.title()).toContain('Acme status');
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Acme status');
      expect(await page.getByText("Live status of Acme's public services.").isVisible()).toBe(true);
      // The overall status, in words.
      expect(await page.getByText(/^Overall: /).innerText()).toMatch(/^Overall: \w/);
      const components = page.getByRole('region', { name: 'Components' });
      for (const name of ['Public API', 'Data'])
        expect(
          await components.getByRole('heading', { level: 3, name }).isVisible(),
          `component ${name}`,
        ).toBe(true);
      for (const name of ['PostgreSQL', 'Nightly backup'])
        expect(
          await components.getByRole('heading', { level: 4, name }).isVisible(),
          `component ${name} in its group`,
        ).toBe(true);
      for (const name of ['Public API', 'PostgreSQL', 'Nightly backup']) {
        const list = page.getByRole('list', { name: `Daily uptime of ${name}, last 90 days` });
        expect(await list.isVisible(), `uptime bars of ${name}`).toBe(true);
        expect(await list.getByRole('listitem').count(), `${name}: one bar a day`).toBe(90);
      }
    }

    it('shows title, overall status, components and uptime bars with JavaScript', async () => {
      const page = await b.newPage();
      const res = await page.goto(`${app.url}/status/public`);
      expect(res?.status()).toBe(200);
      await expectStatusPage(page);
      await screenshot(page, 'status-page-js');
    });

    it('works with JavaScript disabled, including a day’s detail from a bar', async () => {
      const page = await b.newPage({ javaScriptEnabled: false });
      await page.goto(`${app.url}/status/public`);
      await expectStatusPage(page);
      await screenshot(page, 'status-page-nojs');
      // The last bar is today: a plain link to its detail.
      const bars = page.getByRole('list', { name: 'Daily uptime of Public API, last 90 days' });
      const today = new Date().toISOString().slice(0, 10);
      await bars.getByRole('link').last().click();
      await page.waitForURL(`**/status/public?day=${today}#day`);
      await page.getByRole('heading', { level: 2, name: `${today} (UTC)` }).waitFor();
      const detail = page.getByRole('table', { name: `Uptime per component on ${today}` });
      expect(await detail.getByRole('rowheader').allInnerTexts()).toEqual([
        'Public API',
        'PostgreSQL',
        'Nightly backup',
      ]);
    });

    it('lists components and groups in the order of the config', async () => {
      const page = await b.newPage({ javaScriptEnabled: false });
      await page.goto(`${app.url}/status/public`);
      const components = page.getByRole('region', { name: 'Components' });
      // `components:` is [api, group Data [postgres, postgres/backup]]: the page's order.
      expect(await components.getByRole('heading', { level: 3 }).allInnerTexts()).toEqual([
        'Public API',
        'Data',
      ]);
      expect(await components.getByRole('heading', { level: 4 }).allInnerTexts()).toEqual([
        'PostgreSQL',
        'Nightly backup',
      ]);
    });

    it("colours each day's bar by that day's uptime", async () => {
      const page = await b.newPage({ javaScriptEnabled: false });
      await page.goto(`${app.url}/status/public`);
      const bars = page.getByRole('list', { name: 'Daily uptime of Public API, last 90 days' });
      // seedUptime: 90 minutes down on some days (93.75%: a major outage), none on others.
      const bad = bars.getByRole('link', { name: /: 93\.75% uptime/ }).first();
      const good = bars.getByRole('link', { name: /: 100(\.00)?% uptime, no downtime/ }).first();
      const colour = (l: Locator) =>
        l.evaluate(
          (el) => (globalThis as unknown as StyleWindow).getComputedStyle(el).backgroundColor,
        );
      const [badColour, goodColour] = [await colour(bad), await colour(good)];
      expect(badColour, `bad day ${badColour} vs good day ${goodColour}`).not.toBe(goodColour);
    });

    for (const javaScriptEnabled of [true, false]) {
      it(`asks for a private page's password and lets the right one in (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
        const page = await b.newPage({ javaScriptEnabled });
        const res = await page.goto(`${app.url}/status/private`);
        expect(res?.status()).toBe(401);
        expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(
          'Acme internal status',
        );
        expect(await page.getByText('Web frontend').count(), 'nothing shown before').toBe(0);
        await page.getByLabel('Password').fill('wrong-password');
        await page.getByRole('button', { name: 'Show the status page' }).click();
        await page.getByRole('alert').filter({ hasText: 'That password is not right' }).waitFor();

        await page.getByLabel('Password').fill(STATUS_PASSWORD);
        await page.getByRole('button', { name: 'Show the status page' }).click();
        await page.waitForURL(`${app.url}/status/private`);
        await page.getByRole('heading', { level: 3, name: 'Web frontend' }).waitFor();
        expect(await page.getByText(/^Overall: /).isVisible()).toBe(true);
        if (!javaScriptEnabled) await screenshot(page, 'status-page-private');
      });
    }
  });

  describe('accessibility (axe-core)', () => {
    for (const scheme of ['light', 'dark'] as const) {
      it(`finds no serious violations in the ${scheme} theme`, async () => {
        const context = await b.newContext({ colorScheme: scheme });
        const page = await context.newPage();
        const failures: string[] = [];
        // Collected, so one run reports every page rather than the first that fails.
        // The dark theme swaps colours only (CSS custom properties), so the rules about
        // structure, names and roles answer as in light: dark runs the colour rules.
        const rules = scheme === 'dark' ? COLOUR_RULES : undefined;
        const check = (where: string) =>
          expectNoSeriousA11yViolations(page, `${where} (${scheme})`, rules).catch((e: Error) =>
            failures.push(e.message.split('\n\nExpected')[0]!),
          );

        await page.goto(`${app.url}/status/public`);
        await check('the status page');
        await page.goto(`${app.url}/status/private`);
        await check('the status page password form');

        await page.goto(app.url + '/');
        await page.getByLabel('API token').waitFor();
        expect(await page.evaluate('document.documentElement.dataset.theme')).toBe(scheme);
        await check('the sign-in page');
        await page.getByRole('button', { name: 'Person and password' }).click();
        await page.getByLabel('Person id').waitFor();
        await check('the person sign-in form');

        await addSession(context, app.url, app.tokens.responder);
        await page.reload();
        for (const p of PAGES) {
          await p.open(page);
          await p.ready(page).first().waitFor();
          await screenshot(page, `a11y-${scheme}-${p.name}`);
          await check(p.name);
        }
        expect(failures, failures.join('\n\n')).toEqual([]);
      });
    }
  });

  describe('on a phone', () => {
    it('the overview fits and its menu works', async () => {
      const context = await b.newContext(PHONE);
      await addSession(context, app.url, app.tokens.responder);
      const page = await context.newPage();
      await page.goto(app.url + '/');
      await page.getByTestId('service-table').waitFor();
      await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
      const widths = await pageWidths(page);
      expect(widths.scroll, 'no horizontal scrolling').toBeLessThanOrEqual(widths.width);
      await screenshot(page, 'phone-overview');

      // The nav is behind "Menu"; it opens and leads to the incidents.
      const menu = page.getByRole('button', { name: 'Menu' });
      await menu.tap();
      await poll(() => menu.getAttribute('aria-expanded')).toBe('true');
      const main = page.getByRole('navigation', { name: 'Main' });
      await main.getByRole('link', { name: 'Incidents' }).tap();
      await page.getByRole('heading', { level: 1, name: 'Incidents' }).waitFor();
    });

    it('an incident can be acknowledged and noted', async () => {
      const id = await declareIncident(app, 'Phone: cart service down');
      const context = await b.newContext(PHONE);
      await addSession(context, app.url, app.tokens.responder);
      const page = await context.newPage();
      await page.goto(`${app.url}/incidents/${id}`);
      const actions = page.getByRole('group', { name: 'Incident actions' });
      await actions.waitFor();
      for (const name of [/^Acknowledge/, /^Resolve/, /^Escalate/, /^Reassign/]) {
        const button = actions.getByRole('button', { name });
        expect(await button.isVisible(), `${name} visible`).toBe(true);
        const box = await button.boundingBox();
        expect(box, `${name} has a box`).not.toBeNull();
        expect(box!.x, `${name} within the screen`).toBeGreaterThanOrEqual(0);
        expect(box!.x + box!.width, `${name} within the screen`).toBeLessThanOrEqual(390);
        expect(box!.height, `${name} is a usable touch target`).toBeGreaterThanOrEqual(40);
      }
      const widths = await pageWidths(page);
      expect(widths.scroll, 'no horizontal scrolling').toBeLessThanOrEqual(widths.width);
      await screenshot(page, 'phone-incident');
      await actions.getByRole('button', { name: /^Acknowledge/ }).tap();
      await poll(() => page.locator('.page-head [data-state]').innerText()).toBe('acknowledged');
      await page.getByLabel('Note (markdown)').tap();
      await page.getByLabel('Note (markdown)').fill('On it from my phone.');
      await page.getByRole('button', { name: 'Add note' }).tap();
      await poll(() => page.getByTestId('timeline').innerText()).toContain('On it from my phone.');
      expect((await pageWidths(page)).scroll).toBeLessThanOrEqual(390);
    });

    it('the status page fits, showing the last 30 days', async () => {
      const page = await b.newPage(PHONE);
      await page.goto(`${app.url}/status/public`);
      // 30 bars a component ("30 days ago" on the scale); the other 60 are hidden, and hidden
      // elements are not list items to Playwright's role queries.
      const bars = page.getByRole('list', { name: 'Daily uptime of Public API, last 90 days' });
      expect(await bars.getByRole('listitem').count()).toBe(30);
      expect(await page.getByText('30 days ago').first().isVisible()).toBe(true);
      const widths = await pageWidths(page);
      expect(widths.scroll, 'no horizontal scrolling').toBeLessThanOrEqual(widths.width);
      await screenshot(page, 'status-page-phone');
    });
  });
});
