/**
 * The webhook receiver, a plain node:http server in the benchmark process on 127.0.0.1. It
 * notes when each notification's request arrives (before its body is read) and, from the body
 * (Alertmanager's webhook payload v4), the alertnames it carries; `waitFor` resolves with the
 * arrival time of the first notification naming an alertname.
 */
import { createServer, type Server } from 'node:http';

interface Payload {
  alerts?: Array<{ labels?: Record<string, string> }>;
}

export interface Hook {
  url: string;
  /** Notifications received so far. */
  count(): number;
  /** performance.now() at which a notification about `alertname` first arrived. */
  waitFor(alertname: string, timeoutMs: number): Promise<number | undefined>;
  close(): Promise<void>;
}

export async function startHook(): Promise<Hook> {
  const arrivals = new Map<string, number>();
  const waiters = new Map<string, (at: number) => void>();
  let count = 0;
  const server: Server = createServer((req, res) => {
    const at = performance.now();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      count++;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      let payload: Payload;
      try {
        payload = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Payload;
      } catch {
        return;
      }
      for (const alert of payload.alerts ?? []) {
        const name = alert.labels?.alertname;
        if (name === undefined || arrivals.has(name)) continue;
        arrivals.set(name, at);
        waiters.get(name)?.(at);
        waiters.delete(name);
      }
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/hook`,
    count: () => count,
    waitFor(alertname, timeoutMs) {
      const seen = arrivals.get(alertname);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiters.delete(alertname);
          resolve(undefined);
        }, timeoutMs);
        waiters.set(alertname, (at) => {
          clearTimeout(timer);
          resolve(at);
        });
      });
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
