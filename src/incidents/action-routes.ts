/**
 * One-click links inside notifications: `/act/<token>`, where the token is signed and expires
 * (`oncall.link_ttl`). GET shows the incident with Acknowledge/Resolve buttons and, for an
 * ack or resolve link, submits that button by itself; POST does it. The action needs the
 * POST because mail scanners and chat unfurlers fetch every GET link they see: a GET that
 * acknowledged would acknowledge pages nobody read. Works without JavaScript (one more click).
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { AppError } from '../errors.js';
import { signToken, verifyToken, type TokenPayload } from '../lib/signed-token.js';
import type { Store } from '../store/index.js';
import type { Incidents } from './incidents.js';
import { loadView } from './repository.js';
import type { IncidentView } from './types.js';
import { isOpen, isWorking } from './lifecycle.js';
import { escapeHtml } from '../notify/channels/render.js';

export interface ActionRouteDeps {
  incidents: Incidents;
  store: Pick<Store, 'db'>;
  /** The server's signing key (settings.signing_key), loaded once at start. */
  signingKey: Buffer;
}

const ACTIONS = { ack: 'Acknowledge', resolve: 'Resolve' } as const;

function page(
  reply: FastifyReply,
  status: number,
  title: string,
  body: string,
  autoSubmit = false,
) {
  const script = autoSubmit
    ? '<script>document.addEventListener("DOMContentLoaded",()=>document.getElementById("primary").submit())</script>'
    : '';
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .header(
      'content-security-policy',
      "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; form-action 'self'",
    )
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>` +
        '<style>body{font:16px system-ui,sans-serif;max-width:36em;margin:2em auto;padding:0 1em}button{font-size:1em;padding:.5em 1em;margin-right:.5em}.s{color:#555}</style>' +
        `${script}</head><body>${body}</body></html>`,
    );
}

function incidentHtml(view: IncidentView): string {
  const by = isWorking(view.status)
    ? ` by ${view.acknowledged_by}`
    : !isOpen(view.status)
      ? ` by ${view.resolved_by}`
      : '';
  return (
    `<h1>#${view.id} ${escapeHtml(view.title)}</h1>` +
    `<p class="s">${escapeHtml(view.severity ?? 'no severity')} · ${escapeHtml(view.service ?? 'no service')} · opened ${escapeHtml(view.opened_at)}</p>` +
    `<p>Status: <strong>${escapeHtml(view.status)}</strong>${escapeHtml(by)}</p>`
  );
}

function buttons(key: Buffer, payload: TokenPayload, view: IncidentView, primary: string): string {
  const wanted =
    view.status === 'triggered' ? ['ack', 'resolve'] : isOpen(view.status) ? ['resolve'] : [];
  return wanted
    .map((a) => {
      const token = signToken(key, { ...payload, a });
      const id = a === primary ? ' id="primary"' : '';
      return `<form method="post" action="${escapeHtml(token)}" style="display:inline"${id}><button type="submit">${ACTIONS[a as keyof typeof ACTIONS]}</button></form>`;
    })
    .join('');
}

export const actionRoutes: FastifyPluginAsync<ActionRouteDeps> = async (app, deps) => {
  const verify = (token: string) => {
    const result = verifyToken(deps.signingKey, token);
    if (!result.ok)
      return {
        error: result.reason === 'expired' ? 'This link has expired.' : 'This link is not valid.',
      } as const;
    const id = Number(result.payload.s);
    if (!Number.isSafeInteger(id) || id <= 0) return { error: 'This link is not valid.' } as const;
    return { payload: result.payload, id } as const;
  };

  app.get<{ Params: { token: string } }>(
    '/act/:token',
    { config: { auth: 'public' } },
    async (request, reply) => {
      const checked = verify(request.params.token);
      if ('error' in checked) return page(reply, 403, 'Link refused', `<h1>${checked.error}</h1>`);
      const view = await loadView(deps.store.db, checked.id);
      if (!view)
        return page(reply, 404, 'Not found', `<h1>Incident ${checked.id} does not exist.</h1>`);
      const action = checked.payload.a;
      const pending =
        (action === 'ack' && view.status === 'triggered') ||
        (action === 'resolve' && isOpen(view.status));
      return page(
        reply,
        200,
        `Incident #${view.id}`,
        incidentHtml(view) + buttons(deps.signingKey, checked.payload, view, action),
        pending,
      );
    },
  );

  app.post<{ Params: { token: string } }>(
    '/act/:token',
    { config: { auth: 'public' } },
    async (request, reply) => {
      const checked = verify(request.params.token);
      if ('error' in checked) return page(reply, 403, 'Link refused', `<h1>${checked.error}</h1>`);
      const action = checked.payload.a;
      if (action !== 'ack' && action !== 'resolve')
        return page(
          reply,
          400,
          'Nothing to do',
          '<h1>This link does not act on the incident.</h1>',
        );
      const person = checked.payload.p;
      const name = person ?? 'link';
      const by = {
        name,
        audit: {
          actor: { id: `link:${name}`, name, role: 'responder' as const },
          requestId: request.id,
        },
      };
      try {
        const view =
          action === 'ack'
            ? await deps.incidents.acknowledge(checked.id, by)
            : await deps.incidents.resolve(checked.id, by);
        return page(
          reply,
          200,
          `Incident #${view.id}`,
          incidentHtml(view) + buttons(deps.signingKey, checked.payload, view, ''),
        );
      } catch (error) {
        if (error instanceof AppError && error.status < 500)
          return page(reply, error.status, 'Not done', `<h1>${escapeHtml(error.message)}</h1>`);
        throw error;
      }
    },
  );
};
