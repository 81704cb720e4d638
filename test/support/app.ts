import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../../src/config/index.js';
import { makeTempDir } from './temp-dir.js';
import type { Store } from '../../src/store/index.js';
import { buildApp, LiveConfig } from '../../src/app/index.js';
import { createMetrics, type Metrics } from '../../src/telemetry/metrics.js';
import { createToken, ROLES, SYSTEM_ACTOR, type Role } from '../../src/auth/index.js';
import { syncServices } from '../../src/services/index.js';
import type { HttpServer } from '../../src/http/server.js';
import type { CheckEngine } from '../../src/checks/index.js';
import type { Alerting } from '../../src/alerts/index.js';
import type { Silences } from '../../src/alerts/silences/index.js';
import type { Notifier } from '../../src/notify/index.js';
import type { RuleEngine } from '../../src/rules/index.js';
import type { OnCall } from '../../src/oncall/index.js';
import type { Incidents } from '../../src/incidents/index.js';
import type { Postmortems } from '../../src/incidents/postmortems/index.js';
import type { ChangeFeed } from '../../src/lib/change-feed.js';
import { startDomains } from '../../src/app/domains.js';

/** Writes `files` (name → YAML) into a fresh temp folder and returns the folder. */
export function writeConfigDir(files: Record<string, string>): string {
  const dir = makeTempDir('opsdeck-cfg-');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** Writes one ops.yaml into a fresh temp folder and returns the file's path. */
export function writeConfigFile(yaml: string): string {
  return join(writeConfigDir({ 'ops.yaml': yaml }), 'ops.yaml');
}

export const SAMPLE_CONFIG = `
people:
  alice: { name: Alice, email: alice@example.com }
teams:
  sre: { members: [alice] }
services:
  postgres: { team: sre, tier: 1 }
  api: { name: Public API, team: sre, tier: 1, owner: alice, depends_on: [postgres], labels: { env: prod } }
  web: { team: sre, tier: 2, depends_on: [api] }
`;

export interface TestApp {
  app: HttpServer;
  live: LiveConfig;
  metrics: Metrics;
  engine: CheckEngine;
  alerting: Alerting;
  rules: RuleEngine;
  /** The notification dispatcher, started (real channel kinds). */
  notifier: Notifier;
  /** On-call schedules and overrides, started. */
  oncall: OnCall;
  /** Incidents and escalation, started. */
  incidents: Incidents;
  /** Post-mortems, action items and their reminders, started. */
  postmortems: Postmortems;
  /** Committed changes, as `/api/v1/events` streams them. */
  feed: ChangeFeed;
  /** `alerting.silences`, started. */
  silences: Silences;
  /** One secret per role. */
  tokens: Record<Role, string>;
  configPath: string;
  auth(role: Role): { authorization: string };
  close(): Promise<void>;
}

/** Builds the real app (no listening) on `store` with a config file and a token per role. */
export async function startTestApp(store: Store, yaml = SAMPLE_CONFIG): Promise<TestApp> {
  const configPath = writeConfigFile(yaml);
  const loaded = await loadConfig(configPath);
  const logger = pino({ level: 'silent' });
  const metrics = createMetrics();
  await syncServices(store.db, { actor: SYSTEM_ACTOR }, loaded.config.services);
  const live = new LiveConfig(configPath, loaded, { store, metrics, logger });
  const domains = await startDomains({ store, logger, metrics, live }, loaded);
  const app = await buildApp({ live, store, logger, metrics, ...domains });
  const tokens = {} as Record<Role, string>;
  for (const role of ROLES) {
    tokens[role] = (
      await createToken(store.db, { actor: SYSTEM_ACTOR }, { name: `test-${role}`, role })
    ).secret;
  }
  return {
    app,
    live,
    metrics,
    ...domains,
    silences: domains.alerting.silences,
    tokens,
    configPath,
    auth: (role) => ({ authorization: `Bearer ${tokens[role]}` }),
    close: async () => {
      await app.close();
      await domains.close();
    },
  };
}
