/**
 * The webhook receiver of bench/paging: a plain node:http server in the benchmark process on
 * 127.0.0.1, one path per channel (`/page`, `/hook1` … `/hook5`). Each request is stamped when
 * its handler runs (headers read, before the body), then counted once its body has arrived
 * (a request cut short by a crash is not a delivery). It keeps every delivery: the
 * `idempotency-key` header (the same on every attempt of one notification, so a key seen twice
 * is a duplicate), the path, `x-opsdeck-event`, and from Opsdeck's body the incident id and
 * the alertnames it carries. It always answers 200 at once.
 */
import { createServer, type Server } from 'node:http';

export interface Delivery {
  key: string;
  path: string;
  event: string;
  incidentId: number | null;
  alertnames: string[];
  /** performance.now() when the request's handler ran. */
  at: number;
  /** The key had been received before. */
  duplicate: boolean;
}

interface Body {
  incident?: { id?: number } | null;
  alerts?: Array<{ labels?: Record<string, string> }>;
}

interface CountWaiter {
  n: number;
  fire: () => void;
}

export interface Receiver {
  /** `http://127.0.0.1:<port><path>`. */
  url(path: string): string;
  /** Every complete request, in arrival order. */
  readonly deliveries: readonly Delivery[];
  /** Distinct idempotency keys received. */
  unique(): number;
  /** Requests without an idempotency-key header, or whose body was not Opsdeck's JSON. */
  malformed(): number;
  /** Requests that began but never completed (the sender died or gave up mid-request). */
  cut(): number;
  /** performance.now() of the first delivery naming `alertname`. */
  firstFor(alertname: string): number | undefined;
  /** Resolves with the first delivery's arrival for `alertname`, or undefined after `timeoutMs`. */
  waitForAlert(alertname: string, timeoutMs: number): Promise<number | undefined>;
  /**
   * Calls `fire` synchronously on the delivery that brings the distinct keys to `n` (at once if
   * already there). Used to SIGKILL the server at an exact point of the burst.
   */
  onUnique(n: number, fire: () => void): void;
  /** Resolves true once `n` distinct keys arrived, false after `timeoutMs`. */
  waitForUnique(n: number, timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const deliveries: Delivery[] = [];
  const keys = new Set<string>();
  const firstByAlert = new Map<string, number>();
  const alertWaiters = new Map<string, (at: number) => void>();
  let countWaiters: CountWaiter[] = [];
  let malformed = 0;
  let cut = 0;

  const record = (d: Delivery) => {
    deliveries.push(d);
    keys.add(d.key);
    for (const name of d.alertnames) {
      if (firstByAlert.has(name)) continue;
      firstByAlert.set(name, d.at);
      alertWaiters.get(name)?.(d.at);
      alertWaiters.delete(name);
    }
    if (countWaiters.length > 0) {
      const ready = countWaiters.filter((w) => keys.size >= w.n);
      if (ready.length > 0) {
        countWaiters = countWaiters.filter((w) => keys.size < w.n);
        for (const w of ready) w.fire();
      }
    }
  };

  const server: Server = createServer((req, res) => {
    const at = performance.now();
    const chunks: Buffer[] = [];
    let complete = false;
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('close', () => {
      if (!complete) cut++;
    });
    req.on('end', () => {
      complete = true;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      const key = req.headers['idempotency-key'];
      let body: Body;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Body;
      } catch {
        malformed++;
        return;
      }
      if (typeof key !== 'string' || key === '') {
        malformed++;
        return;
      }
      const alertnames: string[] = [];
      for (const a of body.alerts ?? [])
        if (a.labels?.alertname !== undefined) alertnames.push(a.labels.alertname);
      record({
        key,
        path: (req.url ?? '').split('?')[0]!,
        event: String(req.headers['x-opsdeck-event'] ?? ''),
        incidentId: typeof body.incident?.id === 'number' ? body.incident.id : null,
        alertnames,
        at,
        duplicate: keys.has(key),
      });
    });
  });
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as { port: number };

  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    deliveries,
    unique: () => keys.size,
    malformed: () => malformed,
    cut: () => cut,
    firstFor: (alertname) => firstByAlert.get(alertname),
    waitForAlert(alertname, timeoutMs) {
      const seen = firstByAlert.get(alertname);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          alertWaiters.delete(alertname);
          resolve(undefined);
        }, timeoutMs);
        alertWaiters.set(alertname, (at) => {
          clearTimeout(timer);
          resolve(at);
        });
      });
    },
    onUnique(n, fire) {
      if (keys.size >= n) fire();
      else countWaiters.push({ n, fire });
    },
    waitForUnique(n, timeoutMs) {
      if (keys.size >= n) return Promise.resolve(true);
      return new Promise((resolve) => {
        const waiter: CountWaiter = {
          n,
          fire: () => {
            clearTimeout(timer);
            resolve(true);
          },
        };
        const timer = setTimeout(() => {
          countWaiters = countWaiters.filter((w) => w !== waiter);
          resolve(false);
        }, timeoutMs);
        countWaiters.push(waiter);
      });
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
