import swagger from '@fastify/swagger';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import type { FastifyInstance } from 'fastify';
import { VERSION } from '../version.js';
import { registerApiDocs } from './docs.js';

/**
 * OpenAPI 3.1, generated from the zod schemas of the routes themselves, so the document
 * cannot drift from what the server validates. Interactive docs live at /api/docs.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Opsdeck API',
        version: VERSION,
        description:
          'Every /api/v1 route takes `Authorization: Bearer <token>`; roles are viewer < responder < admin.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An Opsdeck API token.' },
        },
      },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  registerApiDocs(app);

  app.get(
    '/api/v1/openapi.json',
    // The API description carries no data; tools fetch it without credentials.
    { config: { auth: 'public' }, schema: { hide: true } },
    async () => app.swagger(),
  );
}
