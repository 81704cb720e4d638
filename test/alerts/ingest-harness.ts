/**
 * A bare HTTP server with the three integration ingest routes and a sink that records what it
 * is handed. It tests the translation from wire formats to alerts; storage semantics are the
 * real sink's tests' business.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { AppError } from '../../src/errors.js';
import { createHttpServer, type HttpServer } from '../../src/http/server.js';
import { createMetrics } from '../../src/telemetry/metrics.js';
import { integrationsSchema } from '../../src/config/schema/integrations.js';
import type { IntegrationConfig } from '../../src/config/index.js';
import {
  alertmanagerWebhookRoutes,
  IntegrationKeys,
  pagerDutyRoutes,
  webhookRoutes,
  type AlertSink,
} from '../../src/alerts/ingest/index.js';
import type { AlertInput } from '../../src/alerts/model/alert.js';
import type { LabelSet } from '../../src/alerts/model/labels.js';

export const NOW = Date.parse('2026-11-22T08:00:00Z');
export const RESOLVE_TIMEOUT = 5 * 60_000;

export const KEYS = {
  am: 'am-key-0123456789abcdef',
  amPlain: 'am-plain-key-0123456789',
  pd: 'pd0123456789abcdef0123456789abcd',
  hook: 'hook-key-0123456789abcdef',
  hookList: 'hook-list-key-0123456789',
} as const;

/** Integrations as written in YAML, parsed by the real config schema. */
export const INTEGRATIONS: Record<string, IntegrationConfig> = integrationsSchema.parse({
  prom: { type: 'alertmanager', key: KEYS.am, labels: { env: 'prod' } },
  plain: { type: 'alertmanager', key: KEYS.amPlain },
  pd: { type: 'pagerduty', key: KEYS.pd, labels: { team: 'sre' }, service: 'api' },
  grafana: {
    type: 'webhook',
    key: KEYS.hook,
    labels: { alertname: 'GrafanaAlert' },
    mapping: {
      labels: { instance: '$.host', rule: '$.rule["name"]' },
      annotations: { summary: '$.message', details: '$.details' },
      status: { path: '$.state', resolved_values: ['ok', 'resolved'] },
      starts_at: '$.time',
    },
  },
  list: {
    type: 'webhook',
    key: KEYS.hookList,
    mapping: { alerts: '$.items', labels: { alertname: '$.name', n: '$.n' } },
  },
});

export type SinkCall =
  | { kind: 'submit'; alerts: AlertInput[]; source: string }
  | { kind: 'resolve' | 'acknowledge'; source: string; labels: LabelSet; at: number };

/** Records every call; `overloaded` makes each call fail as the real sink does when full. */
export class RecordingSink implements AlertSink {
  calls: SinkCall[] = [];
  overloaded = false;

  get submitted(): AlertInput[] {
    return this.calls.flatMap((c) => (c.kind === 'submit' ? c.alerts : []));
  }

  #check(): void {
    if (this.overloaded) throw new AppError('overloaded', 'alert ingest is overloaded; retry');
  }

  async submit(alerts: readonly AlertInput[], source: string): Promise<void> {
    this.#check();
    this.calls.push({ kind: 'submit', alerts: [...alerts], source });
  }

  async resolveWhere(source: string, labels: LabelSet, at: number): Promise<number> {
    this.#check();
    this.calls.push({ kind: 'resolve', source, labels, at });
    return 1;
  }

  async acknowledgeWhere(source: string, labels: LabelSet, at: number): Promise<number> {
    this.#check();
    this.calls.push({ kind: 'acknowledge', source, labels, at });
    return 1;
  }
}

export interface IngestHarness {
  app: HttpServer;
  sink: RecordingSink;
  close(): Promise<void>;
}

/** The three plugins on a fresh server, with `integrations` (the set above by default). */
export async function startIngestApp(
  integrations: () => Record<string, IntegrationConfig> = () => INTEGRATIONS,
): Promise<IngestHarness> {
  const app = await createHttpServer({
    logger: pino({ level: 'silent' }),
    metrics: createMetrics(),
    bodyLimit: 4 * 1024 * 1024,
  });
  const sink = new RecordingSink();
  const deps = {
    sink,
    keys: new IntegrationKeys(integrations),
    resolveTimeoutMs: () => RESOLVE_TIMEOUT,
    now: () => NOW,
  };
  await app.register(pagerDutyRoutes, deps);
  await app.register(alertmanagerWebhookRoutes, deps);
  await app.register(webhookRoutes, deps);
  await app.ready();
  return { app, sink, close: () => app.close() };
}

/**
 * One ingest app for the test file that calls it (registered in its hooks), with a clean
 * sink before each test. Read `app` and `sink` inside tests, not at module level.
 */
export function useIngestApp(): IngestHarness {
  let h: IngestHarness | undefined;
  beforeAll(async () => {
    h = await startIngestApp();
  });
  afterAll(() => h?.close());
  beforeEach(() => {
    current().sink.calls = [];
    current().sink.overloaded = false;
  });
  const current = (): IngestHarness => {
    if (!h) throw new Error('the ingest app starts in beforeAll; use it inside tests');
    return h;
  };
  return {
    get app() {
      return current().app;
    },
    get sink() {
      return current().sink;
    },
    close: () => current().close(),
  };
}
