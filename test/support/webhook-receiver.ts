import { startHttp, type Target } from './http-targets.js';

export interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  raw: string;
}

/** A real HTTP receiver on 127.0.0.1 that records every JSON POST (status set per test). */
export interface WebhookReceiver extends Target {
  received: Received[];
  /** Status to answer with (200 by default). */
  status: number;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const state = { received: [] as Received[], status: 200 };
  const target = await startHttp((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = raw;
      try {
        body = JSON.parse(raw);
      } catch {
        // keep the raw text: the test will say what it expected
      }
      state.received.push({ path: req.url ?? '', headers: req.headers, body, raw });
      res.writeHead(state.status, { 'content-type': 'application/json' }).end('{}');
    });
  });
  // Accessors, so the handler and the test share one state.
  return Object.defineProperties(target, {
    received: { get: () => state.received },
    status: { get: () => state.status, set: (v: number) => (state.status = v) },
  }) as WebhookReceiver;
}
