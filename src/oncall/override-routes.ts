/**
 * Overrides of one schedule: list (from storage), create and remove (responder; committed and
 * audited before the answer, then applied to memory).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../auth/roles.js';
import { authErrors, errorEnvelope } from '../lib/api-schemas.js';
import type { OnCall } from './oncall.js';
import { overrideView, overrideViewOf, parseInstant } from './views.js';

const params = z.object({ id: z.string().max(64) });
const timeText = z.string().max(40);
const when = (description: string) => timeText.optional().meta({ description });

const createBody = z.object({
  person: z.string().max(64).meta({ description: 'Who is on call instead (a person id).' }),
  start: z.union([timeText, z.number().int()]).meta({ description: 'ISO 8601 or epoch ms.' }),
  end: z.union([timeText, z.number().int()]).meta({ description: 'ISO 8601 or epoch ms.' }),
  replaces: z.string().max(64).nullable().optional().meta({
    description: 'Cover only this person’s shifts in the range; whoever is on call when omitted.',
  }),
  reason: z.string().max(1000).nullable().optional(),
});

const instantOf = (value: string | number, field: string) =>
  typeof value === 'number' ? value : parseInstant(value, field);

/** The override routes; registered by `oncallRoutes`. */
export const overrideRoutes: FastifyPluginAsyncZod<{ oncall: OnCall }> = async (
  app,
  { oncall },
) => {
  const ctxOf = (request: { actor: Actor | null; id: string }) => ({
    actor: request.actor!,
    requestId: request.id,
  });

  app.get(
    '/api/v1/schedules/:id/overrides',
    {
      config: { auth: 'viewer' },
      schema: {
        tags: ['oncall'],
        summary: 'Overrides of a schedule that meet a range (default: those not ended yet)',
        params,
        querystring: z.object({
          from: when('ISO 8601 or epoch ms; default now.'),
          to: when('ISO 8601 or epoch ms; default unbounded.'),
        }),
        response: {
          200: z.object({ items: z.array(overrideView) }),
          404: errorEnvelope,
          ...authErrors,
        },
      },
    },
    async (request) => {
      const { id } = request.params;
      oncall.schedule(id);
      const from = parseInstant(request.query.from, 'from', Date.now());
      const to = request.query.to === undefined ? undefined : parseInstant(request.query.to, 'to');
      const items = await oncall.overrides.list(id, { from, ...(to === undefined ? {} : { to }) });
      return { items: items.map((o) => overrideViewOf(o, oncall)) };
    },
  );

  app.post(
    '/api/v1/schedules/:id/overrides',
    {
      config: { auth: 'responder' },
      schema: {
        tags: ['oncall'],
        summary:
          'Create an override: someone else on call for a range, or for one person’s part of it',
        params,
        body: createBody,
        response: { 201: overrideView, 404: errorEnvelope, ...authErrors },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const created = await oncall.overrides.create(
        {
          scheduleId: request.params.id,
          person: body.person,
          replaces: body.replaces ?? null,
          start: instantOf(body.start, 'start'),
          end: instantOf(body.end, 'end'),
          reason: body.reason ?? null,
        },
        ctxOf(request),
      );
      return reply.code(201).send(overrideViewOf(created, oncall));
    },
  );

  app.delete(
    '/api/v1/schedules/:id/overrides/:overrideId',
    {
      config: { auth: 'responder' },
      schema: {
        tags: ['oncall'],
        summary: 'Remove an override (kept in storage as removed, for history)',
        params: params.extend({ overrideId: z.string().max(64) }),
        response: { 200: overrideView, 404: errorEnvelope, 409: errorEnvelope, ...authErrors },
      },
    },
    async (request) => {
      const { id, overrideId } = request.params;
      oncall.schedule(id);
      const removed = await oncall.overrides.remove(id, overrideId, ctxOf(request));
      return overrideViewOf(removed, oncall);
    },
  );
};
