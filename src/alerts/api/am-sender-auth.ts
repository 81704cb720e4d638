import type { FastifyRequest } from 'fastify';
import { bearerSecret } from '../../auth/index.js';
import type { IntegrationKeys } from '../ingest/integration-keys.js';
import { integrationSource, withIntegrationLabels } from '../ingest/integration-labels.js';
import type { Sender } from './am-alerts-routes.js';

/** The integration key a request presents: a bearer token, or a basic-auth password. */
function presentedKey(header: string | undefined): string | undefined {
  const bearer = bearerSecret(header);
  if (bearer) return bearer;
  const basic = /^Basic\s+(\S+)\s*$/i.exec(header ?? '');
  if (!basic) return undefined;
  const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0 ? decoded.slice(colon + 1) : undefined;
}

/**
 * Prometheus authenticates to `/api/v2/alerts` with an integration key of type
 * `alertmanager`, as a bearer token (`authorization: {credentials: …}`) or as the basic-auth
 * password (`basic_auth`, any user name). Returns the sender for such a key; anything else
 * falls through to API tokens (responder role, e.g. amtool `alert add`). Alertmanager has no
 * auth of its own, so this is where Opsdeck is stricter.
 */
export function integrationSender(keys: IntegrationKeys) {
  return (request: FastifyRequest): Sender | undefined => {
    const integration = keys.resolve(presentedKey(request.headers.authorization), 'alertmanager');
    if (!integration) return undefined;
    return {
      source: integrationSource(integration),
      relabel: (labels) => withIntegrationLabels(labels, integration.config),
    };
  };
}
