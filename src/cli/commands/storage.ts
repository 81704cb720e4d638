import { userInfo } from 'node:os';
import type { Command } from 'commander';
import type { Store } from '../../store/index.js';
import { ROLES, type Actor } from '../../auth/roles.js';
import { parseDuration } from '../../config/duration.js';
import { expectOneOf, storageOption } from '../options.js';
import { table } from '../output.js';

/** The local operator, as the audit log records commands run against storage directly. */
function cliActor(): Actor {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (some containers): keep "unknown".
  }
  return { id: `cli:${user}`, name: user, role: 'admin' };
}

/** Storage and the token functions, loaded only by the commands that use them. */
const loadStore = () => import('../../store/index.js');
const loadTokens = () => import('../../auth/index.js');

async function withStore<T>(url: string, fn: (store: Store) => Promise<T>): Promise<T> {
  const { openStore } = await loadStore();
  const store = await openStore(url);
  try {
    await store.migrate();
    return await fn(store);
  } finally {
    await store.close();
  }
}

/**
 * Commands that work on the database directly (no server, no token needed): they are how an
 * operator gets the first token, or back in after losing every admin token.
 */
export function registerStorageCommands(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations (opsdeck up also does this at start)')
    .addOption(storageOption())
    .action(async (opts: { storage: string }) => {
      const { openStore } = await loadStore();
      const store = await openStore(opts.storage);
      try {
        const { applied } = await store.migrate();
        process.stdout.write(
          applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n',
        );
      } finally {
        await store.close();
      }
    });

  const token = program.command('token').description('manage API tokens (directly in storage)');

  token
    .command('create')
    .description('create an API token and print its secret once')
    .requiredOption('--name <name>', 'what the token is for')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--expires-in <duration>', 'lifetime, e.g. 90d (default: no expiry)')
    .addOption(storageOption())
    .action(async (opts: { name: string; role: string; expiresIn?: string; storage: string }) => {
      expectOneOf('--role', opts.role, ROLES);
      const role = opts.role;
      const expiresInMs = opts.expiresIn === undefined ? undefined : parseDuration(opts.expiresIn);
      const { createToken } = await loadTokens();
      const { token: info, secret } = await withStore(opts.storage, (store) =>
        createToken(store.db, { actor: cliActor() }, { name: opts.name, role, expiresInMs }),
      );
      process.stderr.write(
        `created token ${info.id} (${info.role}); the secret is shown this once:\n`,
      );
      process.stdout.write(secret + '\n');
    });

  token
    .command('list')
    .description('list API tokens (never their secrets)')
    .option('--json', 'print JSON')
    .addOption(storageOption())
    .action(async (opts: { json?: boolean; storage: string }) => {
      const { listTokens } = await loadTokens();
      const tokens = await withStore(opts.storage, (store) => listTokens(store.db));
      if (opts.json) {
        process.stdout.write(JSON.stringify(tokens, null, 2) + '\n');
        return;
      }
      const state = (t: (typeof tokens)[number]) =>
        t.revoked_at
          ? 'revoked'
          : t.expires_at && Date.parse(t.expires_at) <= Date.now()
            ? 'expired'
            : 'active';
      const rows = tokens.map((t) => [
        t.id,
        t.name,
        t.role,
        state(t),
        t.created_at,
        t.last_used_at ?? '-',
      ]);
      process.stdout.write(
        table(['ID', 'NAME', 'ROLE', 'STATE', 'CREATED', 'LAST USED'], rows) + '\n',
      );
    });

  token
    .command('revoke')
    .description('revoke an API token')
    .argument('<id>', 'token id, e.g. tok_1a2b3c4d5e6f')
    .addOption(storageOption())
    .action(async (id: string, opts: { storage: string }) => {
      const { revokeToken } = await loadTokens();
      const info = await withStore(opts.storage, (store) =>
        revokeToken(store.db, { actor: cliActor() }, id),
      );
      process.stdout.write(`revoked ${info.id} (${info.name})\n`);
    });
}
