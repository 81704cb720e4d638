/**
 * `/api/v1/silences`: the same silences in Opsdeck's own API style (snake_case, our error
 * envelope naming the field, OpenAPI schemas), for `opsdeck silence` and scripts. The author
 * defaults to the calling token's name.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { tryParseDuration } from '../../config/index.js';
import { AppError } from '../../errors.js';
import { authErrors, errorEnvelope } from '../../lib/api-schemas.js';
import { isoTime } from '../../lib/time.js';
import { parseMatcher } from '../matchers/parse.js';
import type { Matcher } from '../matchers/matcher.js';
import { SILENCE_STATES, silenceState, type Silence } from './model.js';
import type { Silences } from './silences.js';
import { parseFilter } from '../matchers/index.js';

const matcher = z.object({
  name: z.string().max(256),
  type: z.enum(['=', '!=', '=~', '!~']),
  value: z.string().max(8192),
});

const silenceView = z
  .object({
    id: z.string(),
    state: z.enum(SILENCE_STATES),
    matchers: z.array(matcher),
    starts_at: z.string(),
    ends_at: z.string(),
    created_by: z.string(),
    comment: z.string(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'Silence' });

const createBody = z.object({
  id: z.string().max(64).optional().meta({ description: 'Update this silence (AM semantics).' }),
  matchers: z
    .array(z.union([z.string().max(8192), matcher]))
    .max(1000)
    .meta({ description: 'Objects, or Alertmanager syntax strings such as `job=~"api|web"`.' }),
  starts_at: z.string().max(40).optional().meta({ description: 'ISO 8601; default now.' }),
  ends_at: z.string().max(40).optional().meta({ description: 'ISO 8601; or give duration.' }),
  duration: z.string().max(20).optional().meta({ description: 'From the start, e.g. 2h.' }),
  created_by: z.string().max(1024).optional().meta({ description: 'Default: the token name.' }),
  comment: z.string().max(20_000),
});

export function silenceViewOf(s: Silence, now: number): z.infer<typeof silenceView> {
  return {
    id: s.id,
    state: silenceState(s, now),
    matchers: s.matchers.map(({ name, type, value }) => ({ name, type, value })),
    starts_at: isoTime(s.startsAt),
    ends_at: isoTime(s.endsAt),
    created_by: s.createdBy,
    comment: s.comment,
    created_at: isoTime(s.createdAt),
    updated_at: isoTime(s.updatedAt),
  };
}

function time(text: string, field: string): number {
  const ms = Date.parse(text);
  if (Number.isNaN(ms))
    throw new AppError('validation_failed', `${field}: expected an ISO 8601 time, got '${text}'`);
  return ms;
}

function toMatcher(item: string | Matcher, i: number): Matcher {
  if (typeof item !== 'string') return item;
  try {
    return parseMatcher(item);
  } catch (error) {
    throw new AppError('validation_failed', `matchers[${i}]: ${(error as Error).message}`);
  }
}

/** End time from `ends_at` or `duration` (exactly one). */
function endOf(body: z.infer<typeof createBody>, startsAt: number): number {
  if ((body.ends_at === undefined) === (body.duration === undefined))
    throw new AppError('validation_failed', 'ends_at: give either ends_at or duration');
  if (body.ends_at !== undefined) return time(body.ends_at, 'ends_at');
  const ms = tryParseDuration(body.duration!);
  if (ms === undefined || ms <= 0)
    throw new AppError(
      'validation_failed',
      `duration: expected a duration like 2h, got '${body.duration}'`,
    );
  return startsAt + ms;
}

export const silenceV1Routes: FastifyPluginAsyncZod<{ silences: Silences }> = async (
  app,
  { silences },
) => {
  const params = z.object({ id: z.string().max(64) });

  app.get(
    '/api/v1/silences',
    {
      config: { auth: 'viewer' },
      schema: {
        tags: ['silences'],
        summary: 'Silences (expired ones until retention ends), active first',
        querystring: z.object({
          state: z.enum(SILENCE_STATES).optional(),
          filter: z
            .union([z.string().max(8192), z.array(z.string().max(8192)).max(64)])
            .optional()
            .meta({ description: 'Matchers the silence must match (Alertmanager filter).' }),
        }),
        response: { 200: z.object({ items: z.array(silenceView) }), ...authErrors },
      },
    },
    async (request) => {
      const { state, filter } = request.query;
      const now = Date.now();
      const items = silences.list({ filter: parseFilter(filter), ...(state ? { state } : {}) });
      return { items: items.map((s) => silenceViewOf(s, now)) };
    },
  );

  app.get(
    '/api/v1/silences/:id',
    {
      config: { auth: 'viewer' },
      schema: {
        tags: ['silences'],
        summary: 'One silence',
        params,
        response: { 200: silenceView, 404: errorEnvelope, ...authErrors },
      },
    },
    async (request) => silenceViewOf(silences.get(request.params.id), Date.now()),
  );

  app.post(
    '/api/v1/silences',
    {
      config: { auth: 'responder' },
      schema: {
        tags: ['silences'],
        summary: 'Create a silence, or update one (id) with Alertmanager semantics',
        body: createBody,
        response: { 201: silenceView, 404: errorEnvelope, 409: errorEnvelope, ...authErrors },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const now = Date.now();
      const startsAt = body.starts_at === undefined ? now : time(body.starts_at, 'starts_at');
      const ctx = { actor: request.actor!, requestId: request.id };
      const silence = await silences.set(
        {
          id: body.id,
          matchers: body.matchers.map(toMatcher),
          startsAt,
          endsAt: endOf(body, startsAt),
          createdBy: body.created_by ?? request.actor!.name,
          comment: body.comment,
        },
        ctx,
      );
      return reply.code(201).send(silenceViewOf(silence, Date.now()));
    },
  );

  app.post(
    '/api/v1/silences/:id/expire',
    {
      config: { auth: 'responder' },
      schema: {
        tags: ['silences'],
        summary: 'Expire a silence now',
        params,
        response: { 200: silenceView, 404: errorEnvelope, 409: errorEnvelope, ...authErrors },
      },
    },
    async (request) => {
      const ctx = { actor: request.actor!, requestId: request.id };
      return silenceViewOf(await silences.expire(request.params.id, ctx), Date.now());
    },
  );
};
