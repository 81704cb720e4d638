/**
 * Public status pages (`status_pages` in the config) at `/status/<slug>`: HTML without
 * JavaScript, a history page, an Atom feed, Statuspage-shaped JSON and SVG badges, all
 * prebuilt and served from memory. See README.md here.
 */
import type { Kysely } from 'kysely';
import type { OpsConfig } from '../config/schema/index.js';
import type { CheckEngine, CheckTransition, DailyUptime } from '../checks/index.js';
import type { ChangeFeed } from '../lib/change-feed.js';
import type { Database } from '../store/schema.js';
import { StatusPages } from './pages.js';
import { PagePasswords } from './password.js';
import { SignInThrottle } from '../lib/sign-in-throttle.js';
import type { StatusPageRouteOptions } from './routes.js';

export { statusPageRoutes, type StatusPageRouteOptions } from './routes.js';
export { StatusPages, PageAnswers } from './pages.js';
export { PagePasswords } from './password.js';
export * from './status.js';

export interface StatusPageDeps {
  db: () => Kysely<Database>;
  config: () => OpsConfig;
  publicUrl: () => string;
  engine: Pick<CheckEngine, 'checks' | 'onTransition'>;
  daily: DailyUptime;
  feed: ChangeFeed;
  signingKey: Buffer;
  onError?: (error: unknown, slug: string) => void;
}

/**
 * The pages and their route options, invalidated by incident changes on the feed and by
 * check transitions. Returns `close` to unsubscribe from the feed.
 */
export function statusPages(deps: StatusPageDeps): StatusPageRouteOptions & { close(): void } {
  const pages = new StatusPages({
    db: deps.db,
    config: deps.config,
    publicUrl: deps.publicUrl,
    checks: () => deps.engine.checks,
    daily: deps.daily,
    ...(deps.onError ? { onError: deps.onError } : {}),
  });
  const unsubscribe = deps.feed.subscribe((c) => {
    if (c.type.startsWith('incident.')) pages.invalidate();
  });
  deps.engine.onTransition((_t: CheckTransition) => pages.invalidate());
  return {
    pages,
    passwords: new PagePasswords(() => deps.signingKey),
    throttle: new SignInThrottle(),
    publicUrl: deps.publicUrl,
    close: unsubscribe,
  };
}
export { statusFastPath } from './fast-path.js';
