/**
 * `/api/v1/incidents`: list, show (with the timeline), and the paging verbs: acknowledge,
 * resolve, escalate, reassign, snooze. Verbs need the responder role and are audited.
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { tryParseDuration } from '../config/duration.js';
import { AppError } from '../errors.js';
import { authErrors, errorEnvelope, pageOf } from '../lib/api-schemas.js';
import type { ActionBy, Incidents } from './incidents.js';
import { incidentEvents, incidentRow, listIncidents } from './repository.js';
import { incidentView, INCIDENT_STATUSES } from './types.js';
import type { Store } from '../store/index.js';

export interface IncidentRouteDeps {
  incidents: Incidents;
  store: Pick<Store, 'db'>;
}

const incidentSchema = z
  .object({
    id: z.number(),
    title: z.string(),
    severity: z.string().nullable(),
    service: z.string().nullable(),
    status: z.enum(INCIDENT_STATUSES),
    source: z.string(),
    labels: z.record(z.string(), z.string()),
    opened_at: z.string(),
    acknowledged_at: z.string().nullable(),
    acknowledged_by: z.string().nullable(),
    resolved_at: z.string().nullable(),
    resolved_by: z.string().nullable(),
    escalation: z.object({
      policy: z.string().nullable(),
      step: z.number(),
      round: z.number(),
      steps: z.number(),
      next_at: z.string().nullable(),
      snoozed_until: z.string().nullable(),
    }),
  })
  .meta({ id: 'Incident' });

const eventSchema = z.object({
  id: z.number(),
  at: z.string(),
  kind: z.string(),
  actor: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});

const idParams = z.object({
  id: z.coerce.number({ error: 'expected an incident number' }).int().positive(),
});

const verbErrors = { ...authErrors, 404: errorEnvelope, 409: errorEnvelope } as const;

export const incidentRoutes: FastifyPluginAsyncZod<IncidentRouteDeps> = async (app, deps) => {
  const { incidents } = deps;
  const db = () => deps.store.db;

  app.get(
    '/api/v1/incidents',
    {
      config: { auth: 'viewer' },
      schema: {
        tags: ['incidents'],
        summary: 'Incidents, newest first',
        querystring: z.object({
          status: z
            .union([z.enum(INCIDENT_STATUSES), z.literal('open')])
            .optional()
            .meta({ description: 'triggered, acknowledged, resolved, or open (not resolved).' }),
          service: z.string().max(64).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(50),
          cursor: z.coerce
            .number({ error: 'expected the previous page’s next_cursor' })
            .int()
            .positive()
            .optional(),
        }),
        response: {
          200: pageOf(incidentSchema),
          ...authErrors,
        },
      },
    },
    async (request) => {
      const { status, service, limit, cursor } = request.query;
      const statuses =
        status === 'open'
          ? (['triggered', 'acknowledged'] as const)
          : status
            ? [status]
            : undefined;
      const rows = await listIncidents(db(), {
        status: statuses ? [...statuses] : undefined,
        service,
        limit: limit + 1,
        before: cursor,
      });
      const page = rows.slice(0, limit);
      return {
        items: page.map(incidentView),
        next_cursor: rows.length > limit ? String(page[page.length - 1]!.id) : null,
      };
    },
  );

  app.get(
    '/api/v1/incidents/:id',
    {
      config: { auth: 'viewer' },
      schema: {
        tags: ['incidents'],
        summary: 'One incident with its timeline',
        params: idParams,
        response: {
          200: incidentSchema.extend({ timeline: z.array(eventSchema) }),
          ...authErrors,
          404: errorEnvelope,
        },
      },
    },
    async (request) => {
      const row = await incidentRow(db(), request.params.id);
      if (!row) throw new AppError('not_found', `incident ${request.params.id} does not exist`);
      return { ...incidentView(row), timeline: await incidentEvents(db(), request.params.id) };
    },
  );

  /** The caller, named on the timeline and audited. */
  const by = (request: FastifyRequest): ActionBy => ({
    name: request.actor!.name,
    audit: { actor: request.actor!, requestId: request.id },
  });

  const verb = (
    name: string,
    summary: string,
    body: z.ZodType | undefined,
    run: (
      id: number,
      payload: Record<string, unknown>,
      request: FastifyRequest,
    ) => Promise<unknown>,
  ) =>
    app.post(
      `/api/v1/incidents/:id/${name}`,
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
      async (request) =>
        run(request.params.id, (request.body ?? {}) as Record<string, unknown>, request) as Promise<
          z.infer<typeof incidentSchema>
        >,
    );

  verb('acknowledge', 'Acknowledge: stops escalation', undefined, (id, _b, r) =>
    incidents.acknowledge(id, by(r)),
  );
  verb('resolve', 'Resolve: ends paging', undefined, (id, _b, r) => incidents.resolve(id, by(r)));
  verb('escalate', 'Page the next escalation step now', undefined, (id, _b, r) =>
    incidents.escalate(id, by(r)),
  );
  verb(
    'reassign',
    'Hand the incident to a person, schedule, team or policy and page them now',
    z.object({
      to: z
        .string()
        .min(1)
        .max(200)
        .meta({ description: 'person:<id>, schedule:<id>, team:<id> or policy:<id>.' }),
    }),
    (id, b, r) => incidents.reassign(id, b.to as string, by(r)),
  );
  verb(
    'snooze',
    'Snooze an acknowledged incident: it triggers again afterwards',
    z.object({
      for: z
        .string()
        .refine((d) => (tryParseDuration(d) ?? 0) > 0, {
          error: 'expected a duration like 30m or 2h',
        })
        .meta({ description: 'How long, e.g. 30m.' }),
    }),
    (id, b, r) => incidents.snooze(id, tryParseDuration(b.for as string)!, by(r)),
  );
};
