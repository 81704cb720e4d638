/**
 * `/api/v1/incidents/:id/<verb>`: the lifecycle (acknowledge, status, resolve, close, reopen),
 * paging (escalate, reassign, snooze), severity, roles, notes, pins and public updates. Every
 * verb needs the responder role, is audited and answers with the incident as it is after it;
 * an illegal move is a 409 naming the allowed ones.
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { tryParseDuration } from '../config/duration.js';
import { AppError } from '../errors.js';
import { authErrors, errorEnvelope } from '../lib/api-schemas.js';
import type { Store } from '../store/index.js';
import type { Incidents } from './incidents.js';
import { INCIDENT_STATUSES, UPDATE_STATUSES } from './lifecycle.js';
import { loadView, updatesOf } from './repository.js';
import { actionBy } from './routes.js';
import { idParams, incidentSchema, updateSchema } from './schemas.js';
import { INCIDENT_ROLES, type IncidentView } from './types.js';
import { NOTE_MAX_LENGTH } from './verbs/notes.js';
import { UPDATE_MAX_LENGTH } from './verbs/updates.js';

export interface VerbRouteDeps {
  incidents: Incidents;
  store: Pick<Store, 'db'>;
}

const verbErrors = { ...authErrors, 404: errorEnvelope, 409: errorEnvelope } as const;
const reason = z.string().max(2_000).optional();

export const incidentVerbRoutes: FastifyPluginAsyncZod<VerbRouteDeps> = async (app, deps) => {
  const { incidents } = deps;

  function verb<B extends z.ZodType>(
    path: string,
    summary: string,
    body: B | undefined,
    run: (id: number, payload: z.infer<B>, request: FastifyRequest) => Promise<IncidentView>,
  ) {
    app.post(
      `/api/v1/incidents/:id/${path}`,
      {
        config: { auth: 'responder' },
        schema: {
          tags: ['incidents'],
          summary,
          params: idParams,
          ...(body ? { body } : {}),
          response: { 200: incidentSchema, ...verbErrors },
        },
      },
      async (request) => {
        const { id } = request.params as { id: number };
        return run(id, (request.body ?? {}) as z.infer<B>, request);
      },
    );
  }
  const none = undefined as z.ZodType<Record<string, never>> | undefined;

  verb(
    'acknowledge',
    'Acknowledge: stops escalation (409 naming who, if someone else did)',
    none,
    (id, _b, r) => incidents.acknowledge(id, actionBy(r)),
  );
  verb(
    'resolve',
    'Resolve: ends paging and opens the post-mortem when the severity asks for one',
    z.strictObject({ reason }).nullish(),
    (id, b, r) => incidents.resolve(id, actionBy(r), b?.reason),
  );
  verb(
    'status',
    'Move along the lifecycle: acknowledged, investigating, identified, monitoring, resolved, closed',
    z.strictObject({ status: z.enum(INCIDENT_STATUSES) }),
    (id, b, r) => incidents.setStatus(id, b.status, actionBy(r)),
  );
  verb('close', 'Close a resolved incident', none, (id, _b, r) =>
    incidents.setStatus(id, 'closed', actionBy(r)),
  );
  verb(
    'reopen',
    'Reopen a resolved or closed incident (back to investigating)',
    z.strictObject({ reason }).nullish(),
    (id, b, r) => incidents.reopen(id, actionBy(r), b?.reason),
  );
  verb('escalate', 'Page the next escalation step now', none, (id, _b, r) =>
    incidents.escalate(id, actionBy(r)),
  );
  verb(
    'reassign',
    'Hand the incident to a person, schedule, team or policy and page them now',
    z.strictObject({
      to: z
        .string()
        .min(1)
        .max(200)
        .meta({ description: 'person:<id>, schedule:<id>, team:<id> or policy:<id>.' }),
    }),
    (id, b, r) => incidents.reassign(id, b.to, actionBy(r)),
  );
  verb(
    'snooze',
    'Snooze an acknowledged incident: it triggers again afterwards',
    z.strictObject({
      for: z
        .string()
        .refine((d) => (tryParseDuration(d) ?? 0) > 0, {
          error: 'expected a duration like 30m or 2h',
        })
        .meta({ description: 'How long, e.g. 30m.' }),
    }),
    (id, b, r) => incidents.snooze(id, tryParseDuration(b.for)!, actionBy(r)),
  );
  verb(
    'severity',
    'Set the severity (the response deadline only moves earlier)',
    z.strictObject({ severity: z.string().min(1).max(64) }),
    (id, b, r) => incidents.setSeverity(id, b.severity, actionBy(r)),
  );
  verb(
    'roles',
    'Give a role (commander, communications, scribe) to a person, or take it back with null',
    z.strictObject({
      role: z.enum(INCIDENT_ROLES),
      person: z.string().min(1).max(64).nullable(),
    }),
    (id, b, r) => incidents.assignRole(id, b.role, b.person, actionBy(r)),
  );
  verb(
    'notes',
    `Add a markdown note to the timeline (at most ${NOTE_MAX_LENGTH} characters)`,
    z.strictObject({
      body: z.string().max(NOTE_MAX_LENGTH, {
        error: `a note is at most ${NOTE_MAX_LENGTH} characters; attach long output as a link`,
      }),
      pinned: z.boolean().default(false),
    }),
    (id, b, r) => incidents.note(id, b.body, b.pinned, actionBy(r)),
  );
  const eventParams = idParams.extend({
    event: z.coerce.number({ error: 'expected a timeline event id' }).int().positive(),
  });
  for (const [path, pinned] of [
    ['pin', true],
    ['unpin', false],
  ] as const)
    app.post(
      `/api/v1/incidents/:id/events/:event/${path}`,
      {
        config: { auth: 'responder' },
        schema: {
          tags: ['incidents'],
          summary: pinned ? 'Pin a timeline event for the post-mortem' : 'Unpin a timeline event',
          params: eventParams,
          response: { 200: incidentSchema, ...verbErrors },
        },
      },
      async (request) =>
        incidents.pin(request.params.id, request.params.event, pinned, actionBy(request)),
    );

  app.post(
    '/api/v1/incidents/:id/updates',
    {
      config: { auth: 'responder' },
      schema: {
        tags: ['incidents'],
        summary: 'Publish a public update (moves the incident to its status)',
        params: idParams,
        body: z.strictObject({
          status: z.enum(UPDATE_STATUSES),
          message: z.string().max(UPDATE_MAX_LENGTH),
        }),
        response: { 201: updateSchema, ...verbErrors },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const { status, message } = request.body;
      const { updateId } = await incidents.publishUpdate(id, status, message, actionBy(request));
      const update = (await updatesOf(deps.store.db, id)).find((u) => u.id === updateId);
      return reply.code(201).send(update as z.infer<typeof updateSchema>);
    },
  );

  app.get(
    '/api/v1/incidents/:id/updates',
    {
      config: { auth: 'viewer' },
      schema: {
        tags: ['incidents'],
        summary: 'Public updates, newest first',
        params: idParams,
        response: {
          200: z.object({ items: z.array(updateSchema) }),
          ...authErrors,
          404: errorEnvelope,
        },
      },
    },
    async (request) => {
      const { id } = request.params;
      if (!(await loadView(deps.store.db, id)))
        throw new AppError('not_found', `incident ${id} does not exist`);
      return { items: (await updatesOf(deps.store.db, id)) as z.infer<typeof updateSchema>[] };
    },
  );
};
