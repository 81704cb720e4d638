/**
 * PagerDuty Events API v2 at `POST /v2/enqueue`, so anything that can page PagerDuty can page
 * Opsdeck by changing the URL and using an Opsdeck integration key (type `pagerduty`) as the
 * `routing_key`. The key is the credential, as with PagerDuty, so the route takes no token.
 *
 * Answers are PagerDuty's: 202 `{status: "success", message: "Event processed", dedup_key}`
 * once committed; 400 `{status: "invalid event", message: "Event object is invalid", errors}`
 * (an unknown routing key included); 413 beyond PagerDuty's 512 KB event limit. Overload
 * (`AppError('overloaded')` from the sink) goes to the standard 503 envelope: PagerDuty
 * clients retry 5xx, and 429 would not suit senders that do not retry 4xx.
 */
import type { FastifyError, FastifyPluginAsync, FastifyReply } from 'fastify';
import type { IngestRouteDeps } from '../deps.js';
import { integrationSource } from '../integration-labels.js';
import { labelSetError } from '../../model/labels.js';
import { parsePdEvent } from './event.js';
import { pdTriggerToAlert } from './to-alert.js';

/** PagerDuty refuses events larger than 512 KB. */
export const PD_BODY_LIMIT = 512 * 1024;

function invalid(reply: FastifyReply, errors: string[], status = 400) {
  return reply.code(status).send({
    status: 'invalid event',
    message: status === 413 ? 'Event object is too large' : 'Event object is invalid',
    errors,
  });
}

/** Fastify's body errors, answered in PagerDuty's shape rather than Opsdeck's envelope. */
const BODY_ERRORS: Record<string, { status: number; error: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    error: `Request body exceeds ${PD_BODY_LIMIT} bytes`,
  },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, error: 'Request body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, error: 'Request body is empty' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 400,
    error: "Content-Type must be 'application/json'",
  },
};

/** Registers `POST /v2/enqueue` (and `/v2/enqueue/`, which some clients send). */
export const pagerDutyRoutes: FastifyPluginAsync<IngestRouteDeps> = async (app, deps) => {
  const now = deps.now ?? Date.now;

  app.setErrorHandler((error: FastifyError, _request, reply) => {
    const known = error.code ? BODY_ERRORS[error.code] : undefined;
    if (known) return invalid(reply, [known.error], known.status);
    // Anything else (overload, storage down) goes to the app's one error handler.
    throw error;
  });

  const handler = async (request: { body: unknown }, reply: FastifyReply) => {
    const event = parsePdEvent(request.body);
    const body = request.body as { routing_key?: unknown } | null;
    const key = typeof body === 'object' && body !== null ? body.routing_key : undefined;
    const integration = deps.keys.resolve(key, 'pagerduty');
    const errors = 'errors' in event ? [...event.errors] : [];
    // Worded like PagerDuty's own routing key error; the same whether or not the key exists
    // for another integration type.
    if (!integration && typeof key === 'string' && key.trim() !== '')
      errors.push("'routing_key' is invalid: not an Opsdeck integration key of type pagerduty");
    if ('errors' in event || !integration) return invalid(reply, errors);

    const at = now();
    const source = integrationSource(integration);
    if (event.action === 'trigger') {
      const alert = pdTriggerToAlert(event, integration.config, at);
      const problem = labelSetError(alert.labels);
      if (problem) return invalid(reply, [problem]);
      await deps.sink.submit([alert], source);
    } else {
      const where = { dedup_key: event.dedupKey };
      if (event.action === 'resolve') await deps.sink.resolveWhere(source, where, at);
      else await deps.sink.acknowledgeWhere(source, where, at);
    }
    return reply
      .code(202)
      .send({ status: 'success', message: 'Event processed', dedup_key: event.dedupKey });
  };

  for (const url of ['/v2/enqueue', '/v2/enqueue/']) {
    app.post(url, {
      handler,
      bodyLimit: PD_BODY_LIMIT,
      config: { auth: 'public' },
      schema: { hide: true },
    });
  }
};
