import type { Command } from 'commander';
import { configOption, listenOption, parseListen, storageOption } from '../options.js';

/** Shutdown must finish within this time; past it, the process exits anyway (status 1). */
const SHUTDOWN_DEADLINE_MS = 10_000;

export function registerUp(program: Command): void {
  program
    .command('up')
    .description('run the Opsdeck server')
    .addOption(configOption())
    .addOption(storageOption())
    .addOption(listenOption())
    .action(async (opts: { config: string; storage: string; listen: string }) => {
      const { host, port } = parseListen(opts.listen);
      // The server is loaded here, not at the top: remote commands never parse it.
      const [{ createOpsdeck }, { ADMIN_TOKEN_ENV }] = await Promise.all([
        import('../../app/index.js'),
        import('../../auth/index.js'),
      ]);
      const ops = await createOpsdeck({
        configPath: opts.config,
        storageUrl: opts.storage,
        adminToken: process.env[ADMIN_TOKEN_ENV],
      });
      let url: string;
      try {
        url = await ops.listen(host, port);
      } catch (error) {
        await ops.close();
        throw error;
      }
      ops.logger.info({ url, config: opts.config, storage: ops.store.displayUrl }, 'opsdeck is up');
      process.stdout.write(
        `Opsdeck listening on ${url} (console: ${url}/, API docs: ${url}/api/docs)\n`,
      );

      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        ops.logger.info({ signal }, 'shutting down: draining requests');
        const deadline = setTimeout(() => {
          ops.logger.error('shutdown took longer than 10 s; exiting anyway');
          process.exit(1);
        }, SHUTDOWN_DEADLINE_MS);
        deadline.unref();
        ops.close().then(
          () => {
            ops.logger.info('stopped');
            process.exit(0);
          },
          (error: unknown) => {
            ops.logger.error({ err: error }, 'error during shutdown');
            process.exit(1);
          },
        );
      };
      process.on('SIGTERM', () => stop('SIGTERM'));
      process.on('SIGINT', () => stop('SIGINT'));
      process.on('SIGHUP', () => {
        // Errors are logged and counted by the reload itself; the running config stays.
        ops.reload().catch(() => undefined);
      });
    });
}
