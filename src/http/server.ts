import { randomUUID } from 'node:crypto';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type RawServerDefault,
} from 'fastify';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import {
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Logger } from '../telemetry/logger.js';
import type { Metrics } from '../telemetry/metrics.js';
import fastifyCookie from '@fastify/cookie';
import { errorHandler, notFoundHandler } from './errors.js';

export type HttpServer = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** A registered route and who may call it; the auth-matrix test and the docs read this. */
export interface RouteEntry {
  method: string;
  url: string;
  auth: string | undefined;
}

/**
 * Answers a request before Fastify sees it, or returns false to pass it on. Only for answers
 * that are already bytes in memory and public (status pages under an outage's traffic): they
 * skip routing, hooks and serialization, which at 10,000+ requests a second is most of the
 * cost. A fast path records its own request metrics. `app.inject()` never takes it, so the
 * Fastify route behind it must give the same answer (tests run there).
 */
export type FastPath = (req: IncomingMessage, res: ServerResponse) => boolean;

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered on this app, in registration order (HEAD twins excluded). */
    routeTable: RouteEntry[];
    /** Tried in order on every request of the listening server; see FastPath. */
    fastPaths: FastPath[];
  }
}

export interface HttpServerOptions {
  logger: Logger;
  metrics: Metrics;
  /** Largest accepted request body in bytes. */
  bodyLimit: number;
}

/** A caller's X-Request-Id is kept when it is short and plain; otherwise we mint one. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * The Fastify instance every domain registers its routes on: zod validation and
 * serialization, request ids, the error envelope and request metrics.
 */
export async function createHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const fastPaths: FastPath[] = [];
  const app = Fastify({
    // Fastify's own server setup (server.js), plus the fast paths in front of its handler.
    serverFactory: (handler, options) => {
      const opts = options as {
        http?: object;
        keepAliveTimeout?: number;
        requestTimeout?: number;
        connectionTimeout?: number;
      };
      const server = createServer(opts.http ?? {}, (req, res) => {
        for (const fast of fastPaths) if (fast(req, res)) return;
        handler(req, res);
      });
      if (opts.keepAliveTimeout !== undefined) server.keepAliveTimeout = opts.keepAliveTimeout;
      if (opts.requestTimeout !== undefined) server.requestTimeout = opts.requestTimeout;
      server.setTimeout(opts.connectionTimeout ?? 0);
      return server;
    },
    loggerInstance: options.logger as FastifyBaseLogger,
    bodyLimit: options.bodyLimit,
    // Per-request log lines would dominate the log at scale; errors are logged by the handler.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // Keep-alive connections must not hold shutdown open.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    // Signed one-click links carry their token in the path (`/act/<token>`); Fastify's
    // default of 100 characters would answer them 414.
    routerOptions: { maxParamLength: 512 },
  }).withTypeProvider<ZodTypeProvider>();

  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  app.decorate('fastPaths', fastPaths);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      // Fastify adds a HEAD twin for every GET; it shares the GET's auth, so list it once.
      if (method === 'HEAD') continue;
      routeTable.push({ method, url: route.url, auth: route.config?.auth });
    }
  });

  // Console sessions ride a cookie (src/auth/sessions.ts); parsing is lazy per request.
  await app.register(fastifyCookie);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    options.metrics.httpRequestDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });

  return app;
}
