import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { VERSION } from '../version.js';

/**
 * Opsdeck's own metrics. One registry per app instance (not prom-client's global one),
 * so several apps in one test process never collide.
 */
export interface Metrics {
  readonly registry: Registry;
  readonly httpRequestDuration: Histogram<'method' | 'route' | 'status_code'>;
  readonly configReloadSuccess: Gauge;
  readonly configReloadTimestamp: Gauge;
  /** Text appended to the registry's output at scrape time (series rendered by a domain). */
  readonly extraText: Array<() => string>;
  /** The whole Prometheus text: the registry, then every `extraText`. */
  render(): Promise<string>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const buildInfo = new Gauge({
    name: 'opsdeck_build_info',
    help: 'Opsdeck build information; always 1.',
    labelNames: ['version', 'node_version'],
    registers: [registry],
  });
  buildInfo.set({ version: VERSION, node_version: process.version }, 1);

  const extraText: Array<() => string> = [];
  return {
    registry,
    extraText,
    render: async () => (await registry.metrics()) + extraText.map((render) => render()).join(''),
    httpRequestDuration: new Histogram({
      name: 'opsdeck_http_request_duration_seconds',
      help: 'HTTP request duration by route pattern.',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    configReloadSuccess: new Gauge({
      name: 'opsdeck_config_last_reload_success',
      help: 'Whether the last configuration load or reload succeeded (1) or failed (0).',
      registers: [registry],
    }),
    configReloadTimestamp: new Gauge({
      name: 'opsdeck_config_last_reload_success_timestamp_seconds',
      help: 'Time of the last successful configuration load or reload.',
      registers: [registry],
    }),
  };
}
