/* global Buffer, clearInterval, clearTimeout, console, setInterval, setTimeout */
// The demo "Public API": GET /health on plain HTTP (flaky on purpose) and on HTTPS (steady),
// with a self-signed certificate made in memory at start.
import http from 'node:http';
import https from 'node:https';
import selfsigned from 'selfsigned';

/**
 * When the plain-HTTP API fails, counted from the demo's start (so it is the same every run):
 *
 *   - an outage of 75 s every 4 min 30 s, the first one 90 s after start:
 *     0:00 ok · 1:30–2:45 outage · 2:45–6:00 ok · 6:00–7:15 outage · 7:15–10:30 ok · …
 *     During an outage /health answers 503 {"status":"failing"}.
 *   - outside outages, each request independently (Math.random): 3% get a 500, and 5% are
 *     answered after 1.2 s (slower than the example's 1 s degraded_latency).
 *
 * With the example's `every: 10s` and the default `failures_to_down: 2`, api/health goes down
 * 10–20 s into each outage and comes back up with the first good answer after it. A lone 500
 * or slow answer shows in the check's history but does not change its state.
 */
export const OUTAGE = { firstAtMs: 90_000, everyMs: 270_000, lengthMs: 75_000 };
export const RANDOM_ERROR_RATE = 0.03;
export const SLOW_RATE = 0.05;
export const SLOW_MS = 1_200;

const HEALTHY = { status: 'ok', version: '1.4.2' };

/** Whether the API is in an outage window `elapsedMs` after the demo started. */
export function inOutage(elapsedMs, schedule = OUTAGE) {
  if (elapsedMs < schedule.firstAtMs) return false;
  return (elapsedMs - schedule.firstAtMs) % schedule.everyMs < schedule.lengthMs;
}

function send(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/**
 * What GET /metrics reports (Prometheus text format), as an instrumented app would: requests
 * by status code, a latency histogram, and a database connection pool that fills up during
 * outages. The example's alert rules (error rate > 5%, p95 > 1 s, pool > 90%) read them.
 */
const BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5];
const served = { codes: new Map(), buckets: BUCKETS.map(() => 0), count: 0, sum: 0 };

function observe(code, seconds) {
  served.codes.set(code, (served.codes.get(code) ?? 0) + 1);
  BUCKETS.forEach((le, i) => {
    if (seconds <= le) served.buckets[i]++;
  });
  served.count++;
  served.sum += seconds;
}

export function metricsText({ startedAt }) {
  const lines = ['# TYPE http_requests_total counter'];
  for (const [code, n] of served.codes) lines.push(`http_requests_total{code="${code}"} ${n}`);
  lines.push('# TYPE http_request_duration_seconds histogram');
  BUCKETS.forEach((le, i) =>
    lines.push(`http_request_duration_seconds_bucket{le="${le}"} ${served.buckets[i]}`),
  );
  lines.push(`http_request_duration_seconds_bucket{le="+Inf"} ${served.count}`);
  lines.push(`http_request_duration_seconds_sum ${served.sum}`);
  lines.push(`http_request_duration_seconds_count ${served.count}`);
  const inUse = inOutage(Date.now() - startedAt) ? 10 : 3 + Math.floor(Math.random() * 4);
  lines.push('# TYPE db_pool_connections_in_use gauge', `db_pool_connections_in_use ${inUse}`);
  lines.push('# TYPE db_pool_connections_max gauge', 'db_pool_connections_max 10');
  return lines.join('\n') + '\n';
}

/**
 * A request handler for /health (and /metrics). `flaky` adds the outage schedule and the
 * random failures; `startedAt` is the time the schedule counts from.
 */
export function healthHandler({ flaky, startedAt }) {
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (flaky && path === '/metrics') {
      const text = metricsText({ startedAt });
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      return res.end(text);
    }
    if (path !== '/health') return send(res, 404, { error: 'not found', try: '/health' });
    if (flaky) {
      const t0 = Date.now();
      res.on('finish', () => observe(res.statusCode, (Date.now() - t0) / 1000));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return send(res, 405, { error: 'method not allowed' });
    if (!flaky) return send(res, 200, HEALTHY);
    if (inOutage(Date.now() - startedAt)) return send(res, 503, { status: 'failing' });
    const roll = Math.random();
    if (roll < RANDOM_ERROR_RATE)
      return send(res, 500, { status: 'error', error: 'internal error (random demo failure)' });
    if (roll < RANDOM_ERROR_RATE + SLOW_RATE) {
      const timer = setTimeout(() => send(res, 200, HEALTHY), SLOW_MS);
      res.on('close', () => clearTimeout(timer));
      return;
    }
    send(res, 200, HEALTHY);
  };
}

/** A self-signed certificate for localhost and 127.0.0.1, valid 90 days from now. */
export async function selfSignedCertificate() {
  const day = 86_400_000;
  const now = Date.now();
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(now - day),
    notAfterDate: new Date(now + 90 * day),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

export function createApiServer({ startedAt }) {
  return http.createServer(healthHandler({ flaky: true, startedAt }));
}

export async function createHttpsServer() {
  const { key, cert } = await selfSignedCertificate();
  return https.createServer({ key, cert }, healthHandler({ flaky: false, startedAt: 0 }));
}

/** Logs when an outage starts and ends (checked once a second). Returns a stop function. */
export function watchOutages({ startedAt, log = console.error }) {
  let was = false;
  const timer = setInterval(() => {
    const now = inOutage(Date.now() - startedAt);
    if (now === was) return;
    was = now;
    log(
      now
        ? `demo: api outage started: /health answers 503 for ${OUTAGE.lengthMs / 1000} s`
        : 'demo: api outage over: /health answers 200 again',
    );
  }, 1_000);
  timer.unref();
  return () => clearInterval(timer);
}
