/**
 * Action items: `POST /api/v1/incidents/:id/action-items` adds one to an incident,
 * `/api/v1/action-items` lists them across incidents (filters, newest first, keyset pages like
 * `/api/v1/incidents`) and `PATCH /api/v1/action-items/:id` edits one or marks it done.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authErrors, errorEnvelope, idPageQuery, pageOf } from '../../lib/api-schemas.js';
import { actionBy } from '../routes.js';
import { idParams } from '../schemas.js';
import { parseDue } from './due-date.js';
import type { Postmortems } from './postmortems.js';
import {
  actionItemParams,
  actionItemPatchBody,
  actionItemSchema,
  newActionItemBody,
} from './schemas.js';
import { ACTION_ITEM_STATUSES } from './views.js';

export interface ActionItemRouteDeps {
  postmortems: Postmortems;
}

const errors = { ...authErrors, 404: errorEnvelope } as const;

export const actionItemRoutes: FastifyPluginAsyncZod<ActionItemRouteDeps> = async (app, deps) => {
  const { postmortems } = deps;

  app.post(
    '/api/v1/incidents/:id/action-items',
    {
      config: { auth: 'responder' },
      schema: {
        tags: ['incidents'],
        summary: 'Add an action item to an incident',
        params: idParams,
        body: newActionItemBody,
        response: { 201: actionItemSchema, ...errors },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const item = await postmortems.addActionItem(
        request.params.id,
        {
          title: b.title,
          owner: b.owner,
          dueAt: b.due === undefined ? undefined : parseDue(b.due),
          url: b.url,
        },
        actionBy(request),
      );
      return reply.code(201).send(item);
    },
  );

  app.get(
    '/api/v1/action-items',
    {
      config: { auth: 'viewer' },
      schema: {
        tags: ['incidents'],
        summary: 'Action items of every incident, newest first',
        querystring: z.object({
          status: z.enum(ACTION_ITEM_STATUSES).optional(),
          owner: z.string().max(64).optional().meta({ description: 'A person id.' }),
          incident: z.coerce
            .number({ error: 'expected an incident number' })
            .int()
            .positive()
            .optional(),
          overdue: z.enum(['true', 'false']).optional().meta({
            description: 'Only open items past their due time (true), or all others (false).',
          }),
          ...idPageQuery,
        }),
        response: { 200: pageOf(actionItemSchema), ...authErrors },
      },
    },
    async (request) => {
      const q = request.query;
      return postmortems.listActionItems({
        status: q.status,
        owner: q.owner,
        incident: q.incident,
        overdue: q.overdue === undefined ? undefined : q.overdue === 'true',
        limit: q.limit,
        before: q.cursor,
      });
    },
  );

  app.patch(
    '/api/v1/action-items/:id',
    {
      config: { auth: 'responder' },
      schema: {
        tags: ['incidents'],
        summary: 'Edit an action item, mark it done (status: done) or reopen it (status: open)',
        params: actionItemParams,
        body: actionItemPatchBody,
        response: { 200: actionItemSchema, ...errors },
      },
    },
    async (request) => {
      const { due, ...rest } = request.body;
      return postmortems.updateActionItem(
        request.params.id,
        { ...rest, dueAt: due === undefined || due === null ? due : parseDue(due) },
        actionBy(request),
      );
    },
  );
};
