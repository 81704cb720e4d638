import { startHttp, type Target } from './http-targets.js';

export interface Received {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  raw: string;
}

/** A custom answer: status, headers and body, optionally late (to test timeouts). */
export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Wait this long before answering at all. */
  delayMs?: number;
  /** Send the status and headers at once, the body this much later. */
  bodyDelayMs?: number;
}

/** A real HTTP receiver on 127.0.0.1 that records every JSON POST (status set per test). */
export interface WebhookReceiver extends Target {
  received: Received[];
  /** Status to answer with (200 by default), with the body `{}`. */
  status: number;
  /** When set, decides each answer (`undefined` from it falls back to `status`). */
  reply: ((request: Received) => Reply | undefined) | undefined;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const state = {
    received: [] as Received[],
    status: 200,
    reply: undefined as WebhookReceiver['reply'],
  };
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
      const received = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body,
        raw,
      };
      state.received.push(received);
      const reply = state.reply?.(received) ?? { status: state.status };
      const answer = () => {
        res.writeHead(reply.status ?? 200, {
          'content-type': 'application/json',
          ...reply.headers,
        });
        if (!reply.bodyDelayMs) return res.end(reply.body ?? '{}');
        res.flushHeaders();
        setTimeout(() => res.end(reply.body ?? '{}'), reply.bodyDelayMs).unref();
      };
      if (reply.delayMs) setTimeout(answer, reply.delayMs).unref();
      else answer();
    });
  });
  // Accessors, so the handler and the test share one state.
  return Object.defineProperties(target, {
    received: { get: () => state.received },
    status: { get: () => state.status, set: (v: number) => (state.status = v) },
    reply: { get: () => state.reply, set: (v: WebhookReceiver['reply']) => (state.reply = v) },
  }) as WebhookReceiver;
}
