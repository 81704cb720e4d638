/**
 * A small app exposing /metrics whose values the test controls: request counters by code, a
 * latency histogram by route and a DB pool gauge. `tick()` plays `perTick` requests, so a
 * counter moves by a known amount between scrapes. Also serves the bad targets the scraper
 * must survive: HTML, a huge body, a hang, HTTP 500.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const BOUNDS = [0.1, 0.25, 0.5, 1, 2.5, 5];

export interface AppState {
  /** Requests per tick by status code. */
  perTick: Record<string, number>;
  /** Latency of each request played per route (seconds). */
  latency: Record<string, number>;
  poolInUse: number;
  poolMax: number;
  /** Extra lines appended to /metrics (e.g. a series that then disappears). */
  extra: string;
}

export class AppServer {
  readonly state: AppState = {
    perTick: { '200': 90, '500': 10 },
    latency: { '/api': 0.2 },
    poolInUse: 5,
    poolMax: 20,
    extra: '',
  };
  readonly #requests = new Map<string, number>();
  readonly #buckets = new Map<string, number[]>();
  readonly #sum = new Map<string, number>();
  readonly #server: Server;
  url = '';

  constructor(private readonly tickOnScrape = false) {
    this.#server = createServer((req, res) => {
      if (req.url === '/metrics') {
        if (this.tickOnScrape) this.tick();
        res.setHeader('content-type', 'text/plain; version=0.0.4');
        res.end(this.render());
      } else if (req.url === '/openmetrics') {
        res.setHeader('content-type', 'application/openmetrics-text; version=1.0.0; charset=utf-8');
        res.end(
          `# TYPE om_jobs counter\nom_jobs_total{queue="a"} 7\nom_jobs_created{queue="a"} 1.7e9\n# EOF\n`,
        );
      } else if (req.url === '/html') {
        res.setHeader('content-type', 'text/html');
        res.end('<html><body>Welcome to nginx!</body></html>');
      } else if (req.url === '/huge') {
        res.end(`${'big_metric 1\n'.repeat(200_000)}`);
      } else if (req.url === '/hang') {
        // Never answers; the scraper's timeout must end it.
      } else res.writeHead(500).end('boom');
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((r) => this.#server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  get hostPort(): string {
    return this.url.replace('http://', '');
  }

  tick(): void {
    for (const [code, n] of Object.entries(this.state.perTick))
      this.#requests.set(code, (this.#requests.get(code) ?? 0) + n);
    const total = Object.values(this.state.perTick).reduce((a, b) => a + b, 0);
    for (const [route, seconds] of Object.entries(this.state.latency)) {
      const buckets = this.#buckets.get(route) ?? BOUNDS.map(() => 0).concat(0);
      BOUNDS.forEach((b, i) => {
        if (seconds <= b) buckets[i]! += total;
      });
      buckets[BOUNDS.length]! += total;
      this.#buckets.set(route, buckets);
      this.#sum.set(route, (this.#sum.get(route) ?? 0) + seconds * total);
    }
  }

  render(): string {
    const out = ['# TYPE http_requests_total counter'];
    for (const [code, n] of this.#requests)
      out.push(`http_requests_total{code="${code}",method="get",job="inner"} ${n}`);
    out.push('# TYPE http_request_duration_seconds histogram');
    for (const [route, buckets] of this.#buckets) {
      BOUNDS.forEach((b, i) =>
        out.push(`http_request_duration_seconds_bucket{route="${route}",le="${b}"} ${buckets[i]}`),
      );
      out.push(
        `http_request_duration_seconds_bucket{route="${route}",le="+Inf"} ${buckets[BOUNDS.length]}`,
      );
      out.push(`http_request_duration_seconds_sum{route="${route}"} ${this.#sum.get(route)}`);
      out.push(`http_request_duration_seconds_count{route="${route}"} ${buckets[BOUNDS.length]}`);
    }
    out.push(`db_pool_connections_in_use{pool="main"} ${this.state.poolInUse}`);
    out.push(`db_pool_connections_max{pool="main"} ${this.state.poolMax}`);
    out.push('unrelated_metric_nobody_reads 1');
    return `${out.join('\n')}\n${this.state.extra}`;
  }

  close(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((r) => this.#server.close(() => r()));
  }
}

/** An app past every handbook threshold: 10% errors, p95 1.7 s, pool 19 of 20 in use. */
export const UNHEALTHY: Partial<AppState> = {
  perTick: { '200': 90, '500': 10 },
  latency: { '/api': 1.7 },
  poolInUse: 19,
};

/** An app within all of them: 1% errors, p95 0.2 s, pool half used. */
export const HEALTHY: Partial<AppState> = {
  perTick: { '200': 99, '500': 1 },
  latency: { '/api': 0.2 },
  poolInUse: 10,
};
