/**
 * `/status/<slug>…`: public routes (`auth: 'public'`; password-protected pages check their
 * own cookie). Handlers do no rendering: they pick a prebuilt answer and compare validators.
 * Bad query values are 400s naming the parameter; unknown pages and components are 404s.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HttpServer } from '../http/server.js';
import { AppError } from '../errors.js';
import type { SignInThrottle } from '../lib/sign-in-throttle.js';
import { encodingFor, notModified, type Artifact } from './artifact.js';
import type { PageAnswers, StatusPages } from './pages.js';
import type { PagePasswords } from './password.js';
import { atomFeed } from './render/atom.js';
import { BADGE_STYLES, badgeSvg, type BadgeStyle } from './render/badge.js';
import { historyHtml, loginHtml, notFoundHtml, statusHtml } from './render/html.js';
import { summaryJson } from './render/summary.js';

export interface StatusPageRouteOptions {
  pages: StatusPages;
  passwords: PagePasswords;
  /** Slows password guessing per page and client address. */
  throttle: SignInThrottle;
  /** The server's public URL: https there makes the password cookie Secure. */
  publicUrl: () => string;
}

export const HTML = 'text/html; charset=utf-8';
export const JSON_TYPE = 'application/json; charset=utf-8';
/** User content is escaped; this is the second line of defence (no scripts, no framing). */
const SECURITY = {
  'x-content-type-options': 'nosniff',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src http: https: data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'referrer-policy': 'same-origin',
};
const DAY = /^\d{4}-\d{2}-\d{2}$/;

type Params = { slug: string };
type Req = FastifyRequest<{ Params: Params; Querystring: Record<string, string | string[]> }>;

function queryValue(request: Req, name: string): string | undefined {
  const v = request.query[name];
  if (Array.isArray(v)) throw new AppError('validation_failed', `${name}: give it once`);
  return v;
}

/** Response headers per artifact, encoding and privacy, built once: a request copies none. */
const headerCache = new WeakMap<Artifact, Map<string, Record<string, string>>>();

export function headersFor(a: Artifact, encoding: string | undefined, isPrivate: boolean) {
  let byKind = headerCache.get(a);
  if (!byKind) headerCache.set(a, (byKind = new Map()));
  const key = `${encoding ?? ''}:${isPrivate}`;
  let h = byKind.get(key);
  if (!h) {
    h = {
      ...SECURITY,
      'content-type': a.type,
      etag: a.etag,
      'last-modified': a.lastModified,
      'cache-control': isPrivate ? 'private, no-cache' : 'public, max-age=5',
      vary: 'Accept-Encoding, Cookie',
    };
    if (encoding) h['content-encoding'] = encoding;
    byKind.set(key, h);
  }
  return h;
}

function send(request: Req, reply: FastifyReply, a: Artifact, isPrivate: boolean) {
  const h = request.headers;
  if (notModified(a, h['if-none-match'], h['if-modified-since']))
    return reply
      .code(304)
      .headers(headersFor(a, undefined, isPrivate))
      .send();
  const [body, encoding] = encodingFor(a, h['accept-encoding']);
  return reply.headers(headersFor(a, encoding, isPrivate)).send(body);
}

export async function statusPageRoutes(app: HttpServer, opts: StatusPageRouteOptions) {
  const { pages, passwords, throttle } = opts;
  if (!app.hasContentTypeParser('application/x-www-form-urlencoded'))
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 4_096 },
      (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );

  /** The page's answers if the caller may see them; otherwise replies (404, 401) and null. */
  async function open(request: Req, reply: FastifyReply, html: boolean) {
    const { slug } = request.params;
    const answers = await pages.get(slug);
    if (!answers) {
      if (html) await reply.code(404).headers(SECURITY).type(HTML).send(notFoundHtml(slug));
      else throw new AppError('not_found', `status page '${slug}' does not exist`);
      return null;
    }
    const password = answers.model.config.password;
    if (password && !passwords.allowed(slug, password, request.headers.cookie, Date.now())) {
      if (html) {
        const next = request.url.split('#')[0]!;
        await reply
          .code(401)
          .headers({ ...SECURITY, 'cache-control': 'no-store' })
          .type(HTML)
          .send(loginHtml(slug, answers.model.config, next, false));
      } else
        throw new AppError(
          'unauthorized',
          `status page '${slug}' needs its password: sign in at /status/${slug}`,
        );
      return null;
    }
    return { answers, isPrivate: password !== undefined };
  }

  const route = (
    path: string,
    html: boolean,
    pick: (a: PageAnswers, request: Req) => Artifact | undefined,
  ) => {
    const answer = (
      request: Req,
      reply: FastifyReply,
      answers: PageAnswers,
      isPrivate: boolean,
    ) => {
      const artifact = pick(answers, request);
      if (!artifact)
        throw new AppError(
          'not_found',
          `no such component on status page '${request.params.slug}'`,
        );
      return send(request, reply, artifact, isPrivate);
    };
    app.get(path, { config: { auth: 'public' } }, (request: Req, reply) => {
      // Public pages already built answer without a promise (see StatusPages.ready).
      const ready = pages.ready(request.params.slug);
      if (ready && !ready.model.config.password) return answer(request, reply, ready, false);
      return open(request, reply, html).then((page) =>
        page ? answer(request, reply, page.answers, page.isPrivate) : reply,
      );
    });
  };

  route('/status/:slug', true, (a, request) => {
    const day = queryValue(request, 'day');
    if (day === undefined) return a.get('html', HTML, statusHtml);
    const first = [...a.model.components.values()].find((c) => c.days)?.days?.from;
    const ms = DAY.test(day) ? Date.parse(`${day}T00:00:00Z`) : NaN;
    const today = a.model.builtAt - (a.model.builtAt % 86_400_000);
    if (Number.isNaN(ms) || ms > today || (first !== undefined && ms < Date.parse(first)))
      throw new AppError(
        'validation_failed',
        `day: expected a UTC date like 2025-06-08 within the last 90 days, got '${day.slice(0, 20)}'`,
      );
    return a.get(`day:${day}`, HTML, (m) => statusHtml(m, day));
  });
  route('/status/:slug/history', true, (a) => a.get('history', HTML, historyHtml));
  route('/status/:slug/feed.atom', false, (a) =>
    a.get('atom', 'application/atom+xml; charset=utf-8', atomFeed),
  );
  route('/status/:slug/api/v2/summary.json', false, (a) =>
    a.get('summary', JSON_TYPE, summaryJson),
  );

  const styleOf = (request: Req): BadgeStyle => {
    const style = queryValue(request, 'style') ?? 'flat';
    if (!(BADGE_STYLES as readonly string[]).includes(style))
      throw new AppError(
        'validation_failed',
        `style: expected one of ${BADGE_STYLES.join(', ')}, got '${style.slice(0, 20)}'`,
      );
    return style as BadgeStyle;
  };
  route('/status/:slug/badge.svg', false, (a, request) => {
    const style = styleOf(request);
    return a.get(`badge:${style}`, 'image/svg+xml', (m) =>
      badgeSvg(m, m.config.title, m.status, style),
    );
  });
  app.get(
    '/status/:slug/badge/:file',
    { config: { auth: 'public' } },
    async (
      request: FastifyRequest<{
        Params: Params & { file: string };
        Querystring: Record<string, string>;
      }>,
      reply,
    ) => {
      const req = request as unknown as Req;
      const page = await open(req, reply, false);
      if (!page) return reply;
      const { file } = request.params;
      const id = file.endsWith('.svg') ? file.slice(0, -4) : undefined;
      const c = id === undefined ? undefined : page.answers.model.components.get(id);
      if (!c)
        throw new AppError(
          'not_found',
          `no component '${file.replace(/\.svg$/, '')}' on status page '${request.params.slug}' (badges are /badge/<component>.svg)`,
        );
      const style = styleOf(req);
      const artifact = page.answers.get(`badge:${c.id}:${style}`, 'image/svg+xml', (m) =>
        badgeSvg(m, c.name, c.status, style),
      );
      return send(req, reply, artifact, page.isPrivate);
    },
  );

  app.post(
    '/status/:slug/login',
    { config: { auth: 'public' } },
    async (request: FastifyRequest<{ Params: Params; Body: unknown }>, reply) => {
      const { slug } = request.params;
      const answers = await pages.get(slug);
      if (!answers) return reply.code(404).headers(SECURITY).type(HTML).send(notFoundHtml(slug));
      const body = (
        typeof request.body === 'object' && request.body !== null ? request.body : {}
      ) as Record<string, unknown>;
      const base = `/status/${slug}`;
      const wanted = typeof body.next === 'string' ? body.next : base;
      const next =
        wanted === base || wanted.startsWith(`${base}/`) || wanted.startsWith(`${base}?`)
          ? wanted
          : base;
      const password = answers.model.config.password;
      if (!password) return reply.code(303).header('location', next).send();
      const given = typeof body.password === 'string' ? body.password : '';
      const keys = [`status:${slug}:${request.ip}`];
      try {
        throttle.check(keys);
      } catch {
        return reply
          .code(429)
          .headers({ ...SECURITY, 'cache-control': 'no-store' })
          .type(HTML)
          .send(loginHtml(slug, answers.model.config, next, 'throttled'));
      }
      if (!passwords.matches(given, password)) {
        throttle.failed(keys);
        return reply
          .code(401)
          .headers({ ...SECURITY, 'cache-control': 'no-store' })
          .type(HTML)
          .send(loginHtml(slug, answers.model.config, next, true));
      }
      const secure = opts.publicUrl().startsWith('https:');
      return reply
        .code(303)
        .header('set-cookie', passwords.cookie(slug, password, Date.now(), secure))
        .header('location', next)
        .header('cache-control', 'no-store')
        .send();
    },
  );
}
