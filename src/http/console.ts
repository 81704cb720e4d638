import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';

/**
 * The web console (web/, built by Vite into dist/web) served at `/`.
 *
 * Client-side routes are listed rather than caught by a wildcard: a typo under /api/ must stay
 * a JSON 404, and /status/, /ping/ and friends belong to their domains. index.html is read
 * once and answered from memory with an ETag; hashed assets are immutable for a year.
 */
export const CONSOLE_PAGES = [
  '/',
  '/signin',
  '/checks',
  '/checks/*',
  '/alerts',
  '/silences',
  '/incidents',
  '/incidents/*',
  '/oncall',
] as const;

/**
 * Scripts, styles and requests only from this origin, no framing (clickjacking on the
 * acknowledge button), no plugins. Inline style attributes are allowed for charts.
 */
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/** dist/web of this package: found from this file whether it runs bundled (dist/) or from src/. */
export function consoleRoot(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json'))) {
      const web = join(dir, 'dist', 'web');
      return existsSync(join(web, 'index.html')) ? web : undefined;
    }
    dir = dirname(dir);
  }
  return undefined;
}

/** `root`: the built console's folder (default: this package's dist/web); null: not built. */
export const consoleRoutes: FastifyPluginAsync<{ root?: string | null }> = async (app, options) => {
  const root = options.root === undefined ? consoleRoot() : options.root;
  const page = root ? readFileSync(join(root, 'index.html')) : undefined;
  const etag = page
    ? `"${createHash('sha256').update(page).digest('base64url').slice(0, 27)}"`
    : '';

  const serveIndex = async (request: FastifyRequest, reply: FastifyReply) => {
    reply.header('content-security-policy', CSP);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    if (!page) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The Opsdeck console is not built. Run `npm run build` and restart.\n');
    }
    reply.header('cache-control', 'no-cache');
    reply.header('etag', etag);
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.type('text/html; charset=utf-8').send(page);
  };
  for (const url of CONSOLE_PAGES) {
    app.get(url, { config: { auth: 'public' }, schema: { hide: true } }, serveIndex);
  }

  // `serve: false`: reply.sendFile only, behind the route below, so the route table does
  // not depend on the build's file names.
  if (root) await app.register(fastifyStatic, { root, serve: false });
  const sendBuilt = (path: string, reply: FastifyReply) => {
    if (!root) return reply.code(404).type('text/plain; charset=utf-8').send('not built\n');
    reply.header('x-content-type-options', 'nosniff');
    return reply.sendFile(path, { maxAge: 31_536_000_000, immutable: true });
  };
  // Vite names every asset by its content hash: cache it for a year.
  app.get(
    '/assets/*',
    { config: { auth: 'public' }, schema: { hide: true } },
    async (request, reply) =>
      sendBuilt(`assets/${(request.params as { '*': string })['*']}`, reply),
  );
};
