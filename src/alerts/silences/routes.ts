/**
 * Silences over HTTP: Alertmanager's API v2 (`/api/v2/silences`, `/api/v2/silence/:id`), which
 * amtool and Grafana use unchanged, and Opsdeck's own `/api/v1/silences` (our error envelope,
 * used by `opsdeck silence`).
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.js';
import type { Silences } from './silences.js';
import { parseFilter } from '../matchers/index.js';
import { gettableSilence, parsePostableSilence } from './wire.js';
import { silenceV1Routes } from './v1-routes.js';

export interface SilenceRouteDeps {
  silences: Silences;
}

/** Errors Alertmanager answers with a bare JSON string body (400 bad input, 404 unknown id). */
const AM_STATUSES: ReadonlySet<number> = new Set([400, 404, 409]);

/**
 * Runs `handler`; our 4xx errors become Alertmanager's bare JSON string, which amtool prints.
 * Auth and server errors keep the Opsdeck envelope (they come from the shared error handler).
 */
function am<P>(
  handler: (request: FastifyRequest<{ Params: P }>, reply: FastifyReply) => Promise<unknown>,
) {
  return async (request: FastifyRequest<{ Params: P }>, reply: FastifyReply) => {
    try {
      return await handler(request, reply);
    } catch (error) {
      if (error instanceof AppError && AM_STATUSES.has(error.status))
        return reply
          .code(error.status)
          .type('application/json')
          .send(JSON.stringify(error.message));
      throw error;
    }
  };
}

function json(reply: FastifyReply, body: unknown) {
  return reply.type('application/json').send(JSON.stringify(body));
}

const amSilenceRoutes: FastifyPluginAsync<SilenceRouteDeps> = async (app, { silences }) => {
  app.get(
    '/api/v2/silences',
    { config: { auth: 'viewer' } },
    am(async (request, reply) => {
      const { filter } = request.query as { filter?: string | string[] };
      const now = Date.now();
      const list = silences.list({ filter: parseFilter(filter) });
      return json(
        reply,
        list.map((s) => gettableSilence(s, now)),
      );
    }),
  );

  app.post(
    '/api/v2/silences',
    { config: { auth: 'responder' } },
    am(async (request, reply) => {
      const input = parsePostableSilence(request.body);
      const ctx = { actor: request.actor!, requestId: request.id };
      const silence = await silences.set(input, ctx);
      return json(reply, { silenceID: silence.id });
    }),
  );

  app.get(
    '/api/v2/silence/:id',
    { config: { auth: 'viewer' } },
    am<{ id: string }>(async (request, reply) =>
      json(reply, gettableSilence(silences.get(request.params.id), Date.now())),
    ),
  );

  app.delete(
    '/api/v2/silence/:id',
    { config: { auth: 'responder' } },
    am<{ id: string }>(async (request, reply) => {
      await silences.expire(request.params.id, { actor: request.actor!, requestId: request.id });
      // Alertmanager answers an empty 200.
      return reply.code(200).send();
    }),
  );
};

/** Every silence route; deps `{ silences }` (started by the caller). */
export const silenceRoutes: FastifyPluginAsync<SilenceRouteDeps> = async (app, deps) => {
  await app.register(amSilenceRoutes, deps);
  await app.register(silenceV1Routes, deps);
};
