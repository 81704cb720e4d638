/**
 * `/api/v1/incidents`: list (filters, keyset pages), declare, show (timeline, participants,
 * roles, public updates) and edit. The verbs are in `verb-routes.ts`.
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { OpsConfig } from '../config/index.js';
import { AppError } from '../errors.js';
import { authErrors, errorEnvelope, idPageQuery, pageOf } from '../lib/api-schemas.js';
import { parseInstant } from '../lib/time.js';
import type { Store } from '../store/index.js';
import type { ActionBy, Incidents } from './incidents.js';
import { INCIDENT_STATUSES, OPEN_STATUSES, type IncidentStatus } from './lifecycle.js';
import { listIncidents, loadView, updatesOf, viewsOf } from './repository.js';
import { idParams, incidentDetailSchema, incidentSchema, linkSchema, writeUp } from './schemas.js';
import { participantsOf, roleHistory, runbooksOf, timelineOf } from './timeline.js';
import { SYSTEM } from './verbs/context.js';

export interface IncidentRouteDeps {
  incidents: Incidents;
  store: Pick<Store, 'db'>;
  config: () => OpsConfig;
}

/** The caller, named on the timeline and audited. */
export function actionBy(request: FastifyRequest): ActionBy {
  return { name: request.actor!.name, audit: { actor: request.actor!, requestId: request.id } };
}

/** `a,b` lists in a query string, each checked against `allowed` when given. */
function csv(text: string | undefined, field: string, allowed?: readonly string[]) {
  if (text === undefined || text === '') return undefined;
  const values = text
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  const bad = allowed ? values.find((v) => !allowed.includes(v)) : undefined;
  if (bad !== undefined)
    throw new AppError(
      'validation_failed',
      `${field}: unknown value '${bad}'; expected ${allowed!.join(', ')}`,
    );
  return values;
}

const STATUS_FILTERS = [...INCIDENT_STATUSES, 'open'] as const;

const declareBody = z.strictObject({
  title: z.string().trim().min(1).max(200),
  severity: z.string().min(1).max(64),
  services: z.array(z.string().min(1).max(64)).max(50).optional(),
  commander: z.string().min(1).max(64).optional(),
  summary: z.string().max(20_000).optional(),
  impact: z.string().max(20_000).optional(),
  started_at: z.string().max(40).optional().meta({ description: 'ISO 8601; default now.' }),
  escalation: z.string().min(1).max(64).nullable().optional().meta({
    description:
      'Escalation policy to page. Omitted: the first service’s policy when the severity pages; null: page nobody.',
  }),
});

const editBody = z.strictObject({
  title: z.string().trim().min(1).max(200).optional(),
  summary: writeUp,
  impact: writeUp,
  root_cause: writeUp,
  resolution: writeUp,
  started_at: z.string().max(40).optional(),
  services: z.array(z.string().min(1).max(64)).max(50).optional(),
  links: z.array(linkSchema).max(50).optional(),
});

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
            .string()
            .max(200)
            .optional()
            .meta({
              description: `Comma-separated: ${STATUS_FILTERS.join(', ')} (open: not resolved or closed).`,
            }),
          severity: z.string().max(200).optional().meta({ description: 'Comma-separated ids.' }),
          service: z.string().max(64).optional().meta({ description: 'An affected service.' }),
          source: z.enum(['alerts', 'manual']).optional(),
          q: z.string().max(200).optional().meta({ description: 'Words of the title.' }),
          from: z
            .string()
            .max(40)
            .optional()
            .meta({ description: 'Opened at or after (ISO 8601).' }),
          to: z.string().max(40).optional().meta({ description: 'Opened before (ISO 8601).' }),
          breached: z.enum(['true', 'false']).optional().meta({
            description: 'Only incidents acknowledged late (true) or in time (false).',
          }),
          ...idPageQuery,
        }),
        response: { 200: pageOf(incidentSchema), ...authErrors },
      },
    },
    async (request) => {
      const q = request.query;
      const statuses = csv(q.status, 'status', STATUS_FILTERS)?.flatMap((s) =>
        s === 'open' ? [...OPEN_STATUSES] : [s as IncidentStatus],
      );
      const rows = await listIncidents(db(), {
        status: statuses,
        severity: csv(q.severity, 'severity'),
        service: q.service,
        source: q.source,
        q: q.q,
        from: q.from === undefined ? undefined : parseInstant(q.from, 'from'),
        to: q.to === undefined ? undefined : parseInstant(q.to, 'to'),
        breached: q.breached === undefined ? undefined : q.breached === 'true',
        limit: q.limit + 1,
        before: q.cursor,
      });
      const page = rows.slice(0, q.limit);
      return {
        items: await viewsOf(db(), page),
        next_cursor: rows.length > q.limit ? String(page[page.length - 1]!.id) : null,
      };
    },
  );

  app.post(
    '/api/v1/incidents',
    {
      config: { auth: 'responder' },
      schema: {
        tags: ['incidents'],
        summary: 'Declare an incident',
        body: declareBody,
        response: { 201: incidentSchema, ...authErrors },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const view = await incidents.declare(
        {
          title: b.title,
          severity: b.severity,
          services: b.services,
          commander: b.commander,
          summary: b.summary,
          impact: b.impact,
          startedAt:
            b.started_at === undefined ? undefined : parseInstant(b.started_at, 'started_at'),
          escalation: b.escalation,
        },
        actionBy(request),
      );
      return reply.code(201).send(view);
    },
  );

  app.get(
    '/api/v1/incidents/:id',
    {
      config: { auth: 'viewer' },
      schema: {
        tags: ['incidents'],
        summary: 'One incident with its timeline, participants, role history and public updates',
        params: idParams,
        response: { 200: incidentDetailSchema, ...authErrors, 404: errorEnvelope },
      },
    },
    async (request) => {
      const { id } = request.params;
      const view = await loadView(db(), id);
      if (!view) throw new AppError('not_found', `incident ${id} does not exist`);
      const [timeline, updates] = await Promise.all([timelineOf(db(), id), updatesOf(db(), id)]);
      return {
        ...view,
        timeline,
        participants: participantsOf(timeline, SYSTEM.name),
        role_history: roleHistory(timeline),
        runbooks: runbooksOf(
          timeline,
          view.services,
          (s) => deps.config().services[s]?.runbooks ?? [],
        ),
        updates: updates as z.infer<typeof incidentDetailSchema>['updates'],
      };
    },
  );

  app.patch(
    '/api/v1/incidents/:id',
    {
      config: { auth: 'responder' },
      schema: {
        tags: ['incidents'],
        summary:
          'Edit title, write-ups (summary, impact, root cause, resolution), start, services, links',
        params: idParams,
        body: editBody,
        response: { 200: incidentSchema, ...authErrors, 404: errorEnvelope, 409: errorEnvelope },
      },
    },
    async (request) => {
      const { started_at, ...rest } = request.body;
      return incidents.edit(
        request.params.id,
        {
          ...rest,
          started_at: started_at === undefined ? undefined : parseInstant(started_at, 'started_at'),
        },
        actionBy(request),
      );
    },
  );
};
