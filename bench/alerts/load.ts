/**
 * The load generator, the same for both servers: batches of distinct alerts shaped as
 * Prometheus sends them, posted by a fixed number of workers over keep-alive connections
 * (undici Pool, one request in flight per connection), and timed GETs.
 */
import { Pool } from 'undici';

/** One alert as Prometheus posts it (labels, annotations, startsAt, endsAt, generatorURL). */
export function postableAlert(alertname: string, i: number, now: number) {
  return {
    labels: {
      alertname,
      service: `svc-${String(i % 100).padStart(2, '0')}`,
      instance: `host-${i}.bench.internal:9100`,
      job: 'node',
      severity: i % 10 === 0 ? 'critical' : 'warning',
    },
    annotations: {
      summary: `Instance host-${i} is unhappy`,
      description: `Bench alert number ${i}, value ${(i % 1000) / 10}.`,
    },
    startsAt: new Date(now).toISOString(),
    endsAt: new Date(now + 3_600_000).toISOString(),
    generatorURL: `http://prometheus.bench.internal:9090/graph?g0.expr=up%3D%3D0&i=${i}`,
  };
}

/** `count` distinct alerts (one alertname, 100 services) as JSON bodies of `batch` alerts. */
export function ingestBodies(alertname: string, count: number, batch: number): string[] {
  const now = Date.now();
  const bodies: string[] = [];
  for (let start = 0; start < count; start += batch) {
    const alerts = [];
    for (let i = start; i < Math.min(count, start + batch); i++)
      alerts.push(postableAlert(alertname, i, now));
    bodies.push(JSON.stringify(alerts));
  }
  return bodies;
}

export interface IngestResult {
  wallMs: number;
  requests: number;
  /** 503 answers, each retried after 50 ms (Alertmanager clients retry 5xx). */
  retries: number;
  /** Latency of each request (ms), sorted. */
  latencies: number[];
}

const MAX_RETRIES = 50;

/** Posts every body with `concurrency` workers; throws on any answer but 200 (503 retried). */
export async function ingest(
  url: string,
  headers: Record<string, string>,
  bodies: string[],
  concurrency: number,
): Promise<IngestResult> {
  const pool = new Pool(url, {
    connections: concurrency,
    pipelining: 1,
    keepAliveTimeout: 60_000,
    headersTimeout: 60_000,
    bodyTimeout: 60_000,
  });
  const reqHeaders = { ...headers, 'content-type': 'application/json' };
  let next = 0;
  let retries = 0;
  const latencies: number[] = [];
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      for (let attempt = 0; ; attempt++) {
        const t0 = performance.now();
        const res = await pool.request({
          path: '/api/v2/alerts',
          method: 'POST',
          headers: reqHeaders,
          body,
        });
        const text = await res.body.text();
        if (res.statusCode === 200) {
          latencies.push(performance.now() - t0);
          break;
        }
        if (res.statusCode !== 503 || attempt >= MAX_RETRIES)
          throw new Error(`POST /api/v2/alerts: ${res.statusCode} ${text.slice(0, 300)}`);
        retries++;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  };
  const t0 = performance.now();
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    await pool.close();
  }
  return {
    wallMs: performance.now() - t0,
    requests: bodies.length,
    retries,
    latencies: latencies.sort((a, b) => a - b),
  };
}

/** One POST of `alerts` on a keep-alive pool; throws unless 200. */
export async function postAlerts(
  pool: Pool,
  headers: Record<string, string>,
  alerts: unknown[],
): Promise<void> {
  const res = await pool.request({
    path: '/api/v2/alerts',
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(alerts),
  });
  const text = await res.body.text();
  if (res.statusCode !== 200)
    throw new Error(`POST /api/v2/alerts: ${res.statusCode} ${text.slice(0, 300)}`);
}

export interface GetResult {
  /** ms per request (whole body read), sorted. */
  latencies: number[];
  /** Alerts in the last answer. */
  alerts: number;
  bytes: number;
}

/** `warmup` untimed then `count` timed GET /api/v2/alerts, one after the other. */
export async function timeGets(
  url: string,
  headers: Record<string, string>,
  count: number,
  warmup = 2,
): Promise<GetResult> {
  const pool = new Pool(url, { connections: 1, headersTimeout: 60_000, bodyTimeout: 60_000 });
  const latencies: number[] = [];
  let alerts = 0;
  let bytes = 0;
  try {
    for (let i = 0; i < warmup + count; i++) {
      const t0 = performance.now();
      const res = await pool.request({ path: '/api/v2/alerts', method: 'GET', headers });
      const text = await res.body.text();
      const ms = performance.now() - t0;
      if (res.statusCode !== 200)
        throw new Error(`GET /api/v2/alerts: ${res.statusCode} ${text.slice(0, 300)}`);
      if (i >= warmup) latencies.push(ms);
      bytes = text.length;
      alerts = (JSON.parse(text) as unknown[]).length;
    }
  } finally {
    await pool.close();
  }
  return { latencies: latencies.sort((a, b) => a - b), alerts, bytes };
}
