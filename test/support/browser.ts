/**
 * Browser tests (test/e2e-browser/): Playwright's library (playwright-core) driving the
 * Chromium of the system, Debian's `chromium` package. `npx playwright install` is not used
 * (no downloads in CI); `.ci/run` installs the package and exports CHROMIUM_PATH.
 *
 * - `describeBrowser(title, body)`: a suite that needs Chromium. Without one it is skipped
 *   locally (loud banner, reason in the title) and fails in CI, which never skips it.
 * - `useBrowser()`: one browser per test file (launched in beforeAll, closed in afterAll) and
 *   `newContext()`/`newPage()` giving a fresh context per test (closed after the test). An
 *   uncaught exception in any page fails the test; a failed test leaves screenshots.
 * - `screenshot(page, name)`: a PNG under test-artifacts/screenshots/ (gitignored).
 * - `expectNoSeriousA11yViolations(page)`: axe-core on the page; fails on `serious` or
 *   `critical` violations, listing rule id, help and target selectors.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isCI } from './env.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ARTIFACTS_DIR = join(ROOT, 'test-artifacts', 'screenshots');

/**
 * Flags for a headless Chromium that stays on 127.0.0.1: no sandbox (CI runs as root), no
 * GPU, no QUIC, nothing fetched in the background (updates, sync, safe browsing lists).
 * No `--user-data-dir`: Playwright's `launch` refuses it and makes a fresh temporary profile
 * for every launch itself, removed when the browser closes.
 */
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** The Chromium to drive: CHROMIUM_PATH, else `chromium` / `chromium-browser` on PATH. */
export function findChromium(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH?.trim();
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (existsSync(candidate)) return candidate;
  }
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      const path = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
      if (path) return path;
    } catch {
      // not on PATH
    }
  }
  return undefined;
}

/** Launches the system Chromium headless with CHROMIUM_ARGS. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(noChromiumReason());
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: 30_000 });
}

function noChromiumReason(): string {
  return process.env.CHROMIUM_PATH
    ? `CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist`
    : 'no Chromium found (CHROMIUM_PATH, /usr/bin/chromium, chromium on PATH)';
}

/** The console's built files; the server answers 503 without them. */
export function consoleBuilt(): boolean {
  return existsSync(join(ROOT, 'dist', 'web', 'index.html'));
}

let bannerShown = false;
function warnSkipped(reason: string): void {
  if (bannerShown) return;
  bannerShown = true;
  const line = '!'.repeat(78);
  console.warn(
    [
      '',
      line,
      '!!  BROWSER TESTS ARE SKIPPED (test/e2e-browser/).',
      `!!  Reason: ${reason}`,
      '!!  Fix: install Chromium (Debian: apt-get install chromium) or set CHROMIUM_PATH.',
      '!!  CI never skips them: .ci/run installs the package.',
      line,
      '',
    ].join('\n'),
  );
}

/**
 * A suite that needs Chromium and the built console. Without Chromium: skipped locally with a
 * banner and the reason in its title; in CI a failing test instead (CI never skips).
 * Without dist/web the suite fails with the command to run: a skip would hide a broken build.
 */
export function describeBrowser(title: string, body: () => void): void {
  const chromiumPath = findChromium();
  if (!chromiumPath) {
    const reason = noChromiumReason();
    if (isCI()) {
      describe(title, () => {
        it('has a Chromium to run in', () => {
          throw new Error(`${reason}; CI must run the browser tests (.ci/run installs chromium)`);
        });
      });
      return;
    }
    warnSkipped(reason);
    describe.skip(`${title} — SKIPPED: ${reason}`, body);
    return;
  }
  if (!consoleBuilt()) {
    describe(title, () => {
      it('has the console built', () => {
        throw new Error('dist/web/index.html is missing: run `node scripts/build-web.mjs` first');
      });
    });
    return;
  }
  // A browser test waits on a real page; on a loaded 2-core CI machine that takes longer than
  // the suite's default 20 s now and then.
  describe(title, { timeout: 45_000 }, body);
}

export interface BrowserFixture {
  /** The file's browser (available inside hooks and tests). */
  browser(): Browser;
  /** A fresh context (cookies, storage) closed after the current test. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** A page in a fresh context. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
}

/**
 * One Chromium per test file, a fresh context per test. Call at the top of a describeBrowser
 * body. Every context gets the options `defaults()` returns, and a 10 s action timeout: a
 * missing element fails the test well before the suite's 45 s, with Playwright's call log.
 */
export function useBrowser(defaults: () => BrowserContextOptions = () => ({})): BrowserFixture {
  let browser: Browser | undefined;
  const open: BrowserContext[] = [];
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  let pageErrors: string[] = [];
  afterEach(async (ctx) => {
    const failed = ctx.task.result?.state === 'fail';
    const errors = pageErrors;
    pageErrors = [];
    for (const context of open.splice(0)) {
      // A failed test leaves a picture of each of its pages next to the other screenshots.
      if (failed)
        for (const [i, page] of context.pages().entries())
          await screenshot(page, `FAILED-${ctx.task.name}-${i + 1}`).catch(() => {});
      await context.close().catch(() => {});
    }
    // An uncaught exception in a page is a bug even when the test's own checks passed.
    if (!failed) expect(errors, `uncaught errors in the page:\n${errors.join('\n')}`).toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
  });
  const fixture: BrowserFixture = {
    browser: () => {
      if (!browser) throw new Error('the browser is only available inside hooks and tests');
      return browser;
    },
    async newContext(options = {}) {
      const context = await fixture.browser().newContext({ ...defaults(), ...options });
      context.setDefaultTimeout(10_000);
      context.on('weberror', (e) => pageErrors.push(`${e.page()?.url() ?? ''}: ${e.error()}`));
      open.push(context);
      return context;
    },
    async newPage(options = {}) {
      const context = await fixture.newContext(options);
      return context.newPage();
    },
  };
  return fixture;
}

/** Saves a full-page PNG as test-artifacts/screenshots/<name>.png; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name.replace(/[^A-Za-z0-9._-]+/g, '-')}.png`);
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  return path;
}

let axeSource: string | undefined;
function axe(): string {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  return axeSource;
}

/** The parts of axe-core's result this file reads (its own types need the DOM lib). */
interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

const SERIOUS = new Set(['serious', 'critical']);

/** axe-core's serious and critical violations on the page as it is now (`rules`: only those). */
export async function seriousA11yViolations(
  page: Page,
  rules?: readonly string[],
): Promise<AxeViolation[]> {
  // The console's CSP is `script-src 'self'`, so `page.addScriptTag({content})` (an inline
  // <script>) would be refused unless the context had `bypassCSP: true`, which would also hide
  // a CSP problem of the page itself. `page.evaluate` runs the source through the DevTools
  // protocol instead, which CSP does not govern: the page keeps its real policy and axe still
  // loads. (A context's addInitScript would work too but needs a navigation afterwards.)
  const loaded = await page.evaluate('typeof window.axe === "object"');
  if (!loaded) await page.evaluate(`${axe()}\n;void 0`);
  const options = {
    resultTypes: ['violations'],
    ...(rules ? { runOnly: { type: 'rule', values: rules } } : {}),
  };
  const result = (await page.evaluate(`window.axe.run(document, ${JSON.stringify(options)})`)) as {
    violations: AxeViolation[];
  };
  return result.violations.filter((v) => SERIOUS.has(v.impact ?? ''));
}

/** One line per violation and node: rule id, impact, help, selector. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n` +
        v.nodes
          .slice(0, 8)
          .map((n) => `    ${n.target.map(String).join(' ')}${summary(n.failureSummary)}`)
          .join('\n') +
        (v.nodes.length > 8 ? `\n    … and ${v.nodes.length - 8} more` : ''),
    )
    .join('\n');
}

function summary(text: string | undefined): string {
  if (!text) return '';
  const first = text.split('\n').find((l) => l.trim() && !/^Fix (any|all)/.test(l.trim()));
  return first ? ` — ${first.trim()}` : '';
}

/**
 * The rules whose answer depends on colours: all a dark theme can change when it only swaps
 * colours (the console's themes are CSS custom properties under `[data-theme]`).
 */
export const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

/** Fails with the list of serious and critical axe-core violations, if any. */
export async function expectNoSeriousA11yViolations(
  page: Page,
  where?: string,
  rules?: readonly string[],
): Promise<void> {
  const violations = await seriousA11yViolations(page, rules);
  expect(
    violations,
    `axe-core found serious/critical violations on ${where ?? page.url()}:\n${describeViolations(violations)}`,
  ).toEqual([]);
}

/** `document.documentElement.scrollWidth` and `innerWidth`: equal when nothing scrolls sideways. */
export async function pageWidths(page: Page): Promise<{ scroll: number; width: number }> {
  return (await page.evaluate(
    '({ scroll: document.documentElement.scrollWidth, width: window.innerWidth })',
  )) as { scroll: number; width: number };
}

/**
 * `expect.poll` with a browser-sized timeout: playwright-core has no web-first assertions
 * (those are in @playwright/test), so `await poll(() => locator.textContent()).toBe('x')`
 * retries until the page catches up.
 */
export function poll<T>(fn: () => T | Promise<T>, timeout = 8_000) {
  return expect.poll(fn, { timeout, interval: 50 });
}
