import type { FastifyPluginAsync } from 'fastify';
import { VERSION } from '../../version.js';

export interface AmStatusRouteDeps {
  /** The routing config rendered as an Alertmanager config file (amtool `config show`). */
  originalConfig: () => string;
  startedAt: number;
}

/**
 * `GET /api/v2/status` and `GET /api/v2/receivers` in Alertmanager's shapes, which amtool
 * reads before most commands. Opsdeck runs no gossip cluster: `cluster.status` is
 * `disabled`, as a single Alertmanager reports it.
 */
export const amStatusRoutes: FastifyPluginAsync<AmStatusRouteDeps> = async (app, deps) => {
  app.get('/api/v2/status', { config: { auth: 'viewer' } }, async () => ({
    cluster: { name: '', status: 'disabled', peers: [] },
    versionInfo: {
      version: `opsdeck-${VERSION}`,
      branch: '',
      revision: '',
      buildUser: '',
      buildDate: '',
      goVersion: process.version,
    },
    config: { original: deps.originalConfig() },
    uptime: new Date(deps.startedAt).toISOString(),
  }));
};
