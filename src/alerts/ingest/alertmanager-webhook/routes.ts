/**
 * `POST /api/v1/integrations/alertmanager/:key`: a webhook receiver for teams that keep their
 * Alertmanager (`webhook_configs: [{url: …/<key>}]`). The key in the URL is the credential
 * (Alertmanager's webhook sends no bearer token by default), so the route is public.
 *
 * 200 `{status: "success"}` once committed; 400 naming every invalid alert, after storing the
 * valid ones; 404 for a key that is not an `alertmanager` integration key; 503 on overload.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { IngestRouteDeps } from '../deps.js';
import { unknownKey } from '../reply.js';
import { storeBatch } from '../store-batch.js';
import { parseAlertmanagerWebhook } from './payload.js';

export const alertmanagerWebhookRoutes: FastifyPluginAsync<IngestRouteDeps> = async (app, deps) => {
  const now = deps.now ?? Date.now;
  app.post<{ Params: { key: string } }>('/api/v1/integrations/alertmanager/:key', {
    config: { auth: 'public' },
    schema: { hide: true },
    handler: async (request) => {
      const integration = deps.keys.resolve(request.params.key, 'alertmanager');
      if (!integration) throw unknownKey();
      const batch = parseAlertmanagerWebhook(request.body, {
        now: now(),
        resolveTimeoutMs: deps.resolveTimeoutMs(),
      });
      await storeBatch(deps.sink, integration, batch);
      return { status: 'success' };
    },
  });
};
