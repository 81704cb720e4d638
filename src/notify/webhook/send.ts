import { createHmac } from 'node:crypto';
import { Agent, request } from 'undici';
import { VERSION } from '../../version.js';

/** Attempts per notification within one flush; the next group interval retries after that. */
const ATTEMPTS = 3;
const BACKOFF_MS = [250, 1_000];
const TIMEOUT_MS = 10_000;

const agent = new Agent({ keepAliveTimeout: 30_000, connections: 16 });

export interface WebhookTarget {
  url: string;
  secret?: string | undefined;
  headers?: Record<string, string> | undefined;
}

/** A failed delivery, with what the receiver said (status and the start of its body). */
export class WebhookError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'WebhookError';
  }
}

/**
 * POSTs a JSON body. Signed with HMAC-SHA256 over the exact bytes when the channel has a secret
 * (`X-Opsdeck-Signature: sha256=<hex>`), so receivers can reject forgeries. Retries network
 * errors, timeouts, 5xx and 429 a few times with backoff; other 4xx are final (the receiver
 * rejected this body and will again).
 */
export async function postWebhook(target: WebhookTarget, body: unknown): Promise<void> {
  const bytes = JSON.stringify(body);
  const headers: Record<string, string> = {
    ...target.headers,
    'content-type': 'application/json',
    'user-agent': `Opsdeck/${VERSION}`,
  };
  if (target.secret)
    headers['x-opsdeck-signature'] =
      `sha256=${createHmac('sha256', target.secret).update(bytes).digest('hex')}`;
  let last: WebhookError | undefined;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (attempt > 0) await sleep(BACKOFF_MS[attempt - 1]!);
    try {
      const res = await request(target.url, {
        method: 'POST',
        body: bytes,
        headers,
        dispatcher: agent,
        headersTimeout: TIMEOUT_MS,
        bodyTimeout: TIMEOUT_MS,
      });
      const text = (await res.body.text()).slice(0, 200);
      if (res.statusCode < 300) return;
      last = new WebhookError(`receiver answered ${res.statusCode}: ${text}`, res.statusCode);
      if (res.statusCode < 500 && res.statusCode !== 429) throw last;
    } catch (error) {
      if (error === last) throw error;
      last = new WebhookError(`delivery failed: ${(error as Error).message}`, null);
    }
  }
  throw last!;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
