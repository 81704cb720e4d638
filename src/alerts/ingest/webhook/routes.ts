/**
 * `POST /api/v1/integrations/webhook/:key`: any JSON body, turned into alerts by the
 * integration's configured `mapping`. The key in the URL is the credential (most tools that
 * send webhooks cannot add a bearer token), so the route is public.
 *
 * 200 `{status: "success"}` once committed; 400 naming every item that does not map (naming
 * the label and path at fault), after storing the valid ones; 404 for a key that is not a
 * `webhook` integration key; 503 on overload.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { IntegrationConfig } from '../../../config/index.js';
import type { IngestRouteDeps } from '../deps.js';
import { unknownKey } from '../reply.js';
import { storeBatch } from '../store-batch.js';
import { compileMapping, mapWebhookBody, type CompiledMapping } from './mapping.js';

export const webhookRoutes: FastifyPluginAsync<IngestRouteDeps> = async (app, deps) => {
  const now = deps.now ?? Date.now;
  // Configs are frozen and replaced on reload, so a config object's mapping compiles once.
  const compiled = new WeakMap<IntegrationConfig, CompiledMapping>();
  const mappingOf = (config: IntegrationConfig): CompiledMapping | undefined => {
    if (!config.mapping) return undefined;
    let m = compiled.get(config);
    if (!m) compiled.set(config, (m = compileMapping(config.mapping)));
    return m;
  };

  app.post<{ Params: { key: string } }>('/api/v1/integrations/webhook/:key', {
    config: { auth: 'public' },
    schema: { hide: true },
    handler: async (request) => {
      const integration = deps.keys.resolve(request.params.key, 'webhook');
      // The config schema requires a mapping for webhooks; without one the key opens nothing.
      const mapping = integration && mappingOf(integration.config);
      if (!integration || !mapping) throw unknownKey();
      const batch = mapWebhookBody(mapping, request.body, {
        now: now(),
        resolveTimeoutMs: deps.resolveTimeoutMs(),
      });
      await storeBatch(deps.sink, integration, batch);
      return { status: 'success' };
    },
  });
};
