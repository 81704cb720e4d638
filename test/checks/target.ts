import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local HTTP target whose answer a test switches at will. */
export interface Target {
  url: string;
  port: number;
  status: number;
  hits: number;
  close(): Promise<void>;
}

export async function startTarget(): Promise<Target> {
  const target = { status: 200, hits: 0 } as Target;
  const server: Server = createServer((req, res) => {
    target.hits++;
    res.writeHead(target.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: target.status === 200 ? 'ok' : 'failing' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  target.port = (server.address() as AddressInfo).port;
  target.url = `http://127.0.0.1:${target.port}`;
  target.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return target;
}

/** Polls `condition` every 20 ms until it holds or `timeoutMs` passes. */
export async function until(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 8_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
