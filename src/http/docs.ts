import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import swagger from '@fastify/swagger';

const DOCS_PREFIX = '/api/docs';

/** Hop-by-hop and length headers belong to each connection, not to the copied response. */
const NOT_COPIED = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'date',
]);

/**
 * Interactive API docs (Swagger UI) at /api/docs, built on first request. Swagger UI's
 * static-file plugin costs ~100 ms at start-up, which every start would otherwise pay for a
 * page few people open. The docs run in their own small Fastify instance, fed the finished
 * OpenAPI document, and requests are handed to it with `inject`.
 */
export function registerApiDocs(app: FastifyInstance): void {
  let docs: Promise<FastifyInstance> | undefined;

  const build = async (): Promise<FastifyInstance> => {
    const { default: swaggerUi } = await import('@fastify/swagger-ui');
    const docsApp = Fastify({ logger: false });
    await docsApp.register(swagger, {
      mode: 'static',
      specification: { document: app.swagger() as never },
    });
    await docsApp.register(swaggerUi, { routePrefix: DOCS_PREFIX });
    await docsApp.ready();
    return docsApp;
  };

  const serve = async (request: FastifyRequest, reply: FastifyReply) => {
    docs ??= build().catch((error: unknown) => {
      docs = undefined; // try again on the next request
      throw error;
    });
    const res = await (
      await docs
    ).inject({
      method: 'GET',
      url: request.url,
      headers: { 'if-none-match': request.headers['if-none-match'] ?? '' },
    });
    for (const [name, value] of Object.entries(res.headers)) {
      if (!NOT_COPIED.has(name) && value !== undefined) reply.header(name, value);
    }
    return reply.code(res.statusCode).send(res.rawPayload);
  };

  const options = { config: { auth: 'public' as const }, schema: { hide: true } };
  app.get(DOCS_PREFIX, options, serve);
  app.get(`${DOCS_PREFIX}/*`, options, serve);
}
