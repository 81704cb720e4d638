import type { Kysely, Migration, MigrationProvider } from 'kysely';
import type { Dialect } from '../store.js';
import * as m0001 from './0001_foundation.js';
import * as m0002 from './0002_checks.js';
import * as m0003 from './0003_alerts.js';
import * as m0004 from './0004_oncall.js';
import * as m0005 from './0005_incident_lifecycle.js';
import * as m0006 from './0006_incident_list_indexes.js';
import * as m0007 from './0007_console_sessions.js';

/** A migration file: `up` may branch on the dialect (the only place outside dialects/ that does). */
interface MigrationModule {
  up(db: Kysely<unknown>, dialect: Dialect): Promise<void>;
  down?(db: Kysely<unknown>, dialect: Dialect): Promise<void>;
}

/**
 * Every migration, in order. Listed in code rather than read from a folder so they ship inside
 * dist/ with no file-system lookup. Names sort lexically; append new ones at the end.
 */
const MIGRATIONS: ReadonlyArray<readonly [string, MigrationModule]> = [
  ['0001_foundation', m0001],
  ['0002_checks', m0002],
  ['0003_alerts', m0003],
  ['0004_oncall', m0004],
  ['0005_incident_lifecycle', m0005],
  ['0006_incident_list_indexes', m0006],
  ['0007_console_sessions', m0007],
];

/** A Kysely MigrationProvider over MIGRATIONS, bound to one dialect. */
export function migrationProvider(dialect: Dialect): MigrationProvider {
  return {
    async getMigrations(): Promise<Record<string, Migration>> {
      const out: Record<string, Migration> = {};
      for (const [name, mod] of MIGRATIONS) {
        const { down } = mod;
        out[name] = {
          up: (db) => mod.up(db, dialect),
          ...(down ? { down: (db: Kysely<unknown>) => down(db, dialect) } : {}),
        };
      }
      return out;
    },
  };
}

/** Names of all migrations, in order (for tests and diagnostics). */
export const migrationNames: readonly string[] = MIGRATIONS.map(([name]) => name);
