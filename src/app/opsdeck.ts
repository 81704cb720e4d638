import { loadConfig } from '../config/index.js';
import { openStore, type Store } from '../store/index.js';
import { bootstrapAdminToken, SYSTEM_ACTOR } from '../auth/index.js';
import { syncServices } from '../services/index.js';
import { createLogger, type Logger } from '../telemetry/logger.js';
import { createMetrics } from '../telemetry/metrics.js';
import type { HttpServer } from '../http/server.js';
import { AppError } from '../errors.js';
import { buildApp } from './build-app.js';
import { startDomains, type Domains } from './domains.js';
import { LiveConfig, type ReloadOutcome } from './live-config.js';

/** Why a listen failed, in words an operator acts on. */
const LISTEN_ERRORS: Record<string, string> = {
  EADDRINUSE: 'address already in use (is another Opsdeck running?)',
  EACCES: 'permission denied (ports below 1024 need privileges)',
  EADDRNOTAVAIL: 'no such address on this machine',
};

export interface OpsdeckOptions {
  configPath: string;
  storageUrl: string;
  logger?: Logger;
  /** OPSDECK_ADMIN_TOKEN, if set. */
  adminToken?: string | undefined;
  /** Where the one-time bootstrap token is shown; stderr by default. */
  announce?: (text: string) => void;
}

export interface Opsdeck {
  readonly app: HttpServer;
  readonly live: LiveConfig;
  readonly store: Store;
  readonly logger: Logger;
  /** Starts listening; resolves with the base URL. */
  listen(host: string, port: number): Promise<string>;
  reload(): Promise<ReloadOutcome>;
  /** Stops accepting, drains in-flight requests, closes storage. Idempotent. */
  close(): Promise<void>;
}

/**
 * The composition root: config → storage → migrations → service sync → admin bootstrap →
 * HTTP. Config and storage problems surface here as AppErrors for the CLI to print.
 */
export async function createOpsdeck(options: OpsdeckOptions): Promise<Opsdeck> {
  const logger = options.logger ?? createLogger();
  const timings: Record<string, number> = {};
  let mark = performance.now();
  const lap = (phase: string) => {
    const now = performance.now();
    timings[phase] = Math.round(now - mark);
    mark = now;
  };
  const metrics = createMetrics();
  const loaded = await loadConfig(options.configPath);
  lap('config_ms');
  const store = await openStore(options.storageUrl, { logger });
  lap('storage_ms');
  let closing: Promise<void> | undefined;
  let domains: Domains | undefined;
  try {
    await store.migrate();
    lap('migrate_ms');
    await syncServices(store.db, { actor: SYSTEM_ACTOR }, loaded.config.services);
    lap('sync_ms');
    const boot = await bootstrapAdminToken(store.db, options.adminToken);
    announceBootstrap(boot, logger, options.announce ?? ((text) => process.stderr.write(text)));
    const live = new LiveConfig(options.configPath, loaded, { store, metrics, logger });
    domains = await startDomains({ store, logger, metrics, live, lap }, loaded);
    const { engine } = domains;
    const app = await buildApp({ live, store, logger, metrics, ...domains });
    lap('http_ms');
    const uptime_ms = Math.round(process.uptime() * 1000);
    logger.info(
      {
        ...timings,
        uptime_ms,
        services: Object.keys(loaded.config.services).length,
        checks: engine.checks.length,
      },
      'opsdeck initialised',
    );
    return {
      app,
      live,
      store,
      logger,
      async listen(host, port) {
        try {
          return await app.listen({ host, port });
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          const reason = LISTEN_ERRORS[code ?? ''] ?? (error as Error).message;
          throw new AppError('bad_request', `cannot listen on ${host}:${port}: ${reason}`, {
            cause: error,
          });
        }
      },
      reload: () => live.reload({ actor: SYSTEM_ACTOR }),
      close() {
        closing ??= (async () => {
          await app.close();
          await domains?.close();
          await store.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    await domains?.close();
    await store.close();
    throw error;
  }
}

function announceBootstrap(
  boot: Awaited<ReturnType<typeof bootstrapAdminToken>>,
  logger: Logger,
  announce: (text: string) => void,
): void {
  if (boot.kind === 'generated') {
    announce(
      [
        '',
        'No API token existed, so Opsdeck created an admin token. It is shown this once:',
        '',
        `    ${boot.secret}`,
        '',
        'Sign in to the console with it, or send it as "Authorization: Bearer <token>";',
        'create more with `opsdeck token create`.',
        '',
      ].join('\n'),
    );
  } else if (boot.kind === 'env-token-created') {
    logger.info('admin token from OPSDECK_ADMIN_TOKEN registered');
  } else if (boot.kind === 'env-token-revoked') {
    logger.warn('OPSDECK_ADMIN_TOKEN matches a revoked token; it stays revoked');
  }
}
