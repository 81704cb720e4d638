/**
 * `/api/v1/incidents/:id/postmortem`: read (with the assembled document and its HTML), write
 * (narrative, owner), publish and unpublish, and the document as a `.md` download. Reads need
 * the viewer role, writes the responder role; every write is audited and answered after its
 * commit.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { authErrors, errorEnvelope } from '../../lib/api-schemas.js';
import { actionBy } from '../routes.js';
import { idParams } from '../schemas.js';
import type { Postmortems } from './postmortems.js';
import { postmortemEditBody, postmortemSchema } from './schemas.js';

export interface PostmortemRouteDeps {
  postmortems: Postmortems;
}

const errors = { ...authErrors, 404: errorEnvelope } as const;

export const postmortemRoutes: FastifyPluginAsyncZod<PostmortemRouteDeps> = async (app, deps) => {
  const { postmortems } = deps;

  app.get(
    '/api/v1/incidents/:id/postmortem',
    {
      config: { auth: 'viewer' },
      schema: {
        tags: ['incidents'],
        summary: 'The post-mortem: state, narrative, document (markdown and HTML), action items',
        params: idParams,
        response: { 200: postmortemSchema, ...errors },
      },
    },
    async (request) => postmortems.view(request.params.id),
  );

  app.put(
    '/api/v1/incidents/:id/postmortem',
    {
      config: { auth: 'responder' },
      schema: {
        tags: ['incidents'],
        summary: 'Save the narrative and/or the owner (creates the post-mortem when needed)',
        params: idParams,
        body: postmortemEditBody,
        response: { 200: postmortemSchema, ...errors },
      },
    },
    async (request) => postmortems.save(request.params.id, request.body, actionBy(request)),
  );

  for (const [verb, summary] of [
    ['publish', 'Publish the post-mortem (stops its reminders)'],
    ['unpublish', 'Take a publication back to draft (reminders resume when it is required)'],
  ] as const)
    app.post(
      `/api/v1/incidents/:id/postmortem/${verb}`,
      {
        config: { auth: 'responder' },
        schema: {
          tags: ['incidents'],
          summary,
          params: idParams,
          response: { 200: postmortemSchema, ...errors },
        },
      },
      async (request) => postmortems[verb](request.params.id, actionBy(request)),
    );

  app.get(
    '/api/v1/incidents/:id/postmortem.md',
    {
      config: { auth: 'viewer' },
      schema: {
        tags: ['incidents'],
        summary: 'The post-mortem document as a markdown file',
        params: idParams,
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const { document } = await postmortems.view(id);
      return reply
        .type('text/markdown; charset=utf-8')
        .header('content-disposition', `attachment; filename="incident-${id}-postmortem.md"`)
        .send(document);
    },
  );
};
