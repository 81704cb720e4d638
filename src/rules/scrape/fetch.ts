/**
 * One scrape request: undici over a shared keep-alive Agent, the Accept header Prometheus
 * sends (OpenMetrics preferred), a hard timeout for the whole exchange and a body limit, so a
 * slow or huge target costs at most `timeout` and `limit` bytes. Failures become a ScrapeError
 * whose message is the reason shown for `up` 0.
 */
import { request, type Dispatcher } from 'undici';
import type { ExpositionFormat } from './exposition.js';

const ACCEPT =
  'application/openmetrics-text;version=1.0.0;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

/** A failed scrape request; the message is the reason `up` is 0. */
export class ScrapeError extends Error {
  override name = 'ScrapeError';
}

export interface ScrapeBody {
  text: string;
  format: ExpositionFormat;
}

export interface FetchOptions {
  timeoutMs: number;
  limitBytes: number;
  dispatcher: Dispatcher;
  /** Aborts the request early (engine shutdown). */
  signal?: AbortSignal;
}

function reasonOf(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; code?: string; message?: string };
  if (
    e.name === 'TimeoutError' ||
    e.code === 'UND_ERR_HEADERS_TIMEOUT' ||
    e.code === 'UND_ERR_BODY_TIMEOUT'
  )
    return `timed out after ${timeoutMs} ms`;
  if (e.name === 'AbortError') return 'aborted';
  if (e.code) return `${e.code}${e.message ? `: ${e.message}` : ''}`;
  return e.message ?? String(error);
}

/** GETs `url` and returns its body and format; throws ScrapeError with a readable reason. */
export async function fetchScrape(url: string, options: FetchOptions): Promise<ScrapeBody> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  try {
    const res = await request(url, {
      method: 'GET',
      headers: {
        accept: ACCEPT,
        'x-prometheus-scrape-timeout-seconds': String(options.timeoutMs / 1000),
      },
      dispatcher: options.dispatcher,
      signal,
    });
    if (res.statusCode !== 200) {
      await res.body.dump();
      throw new ScrapeError(`server returned HTTP status ${res.statusCode}`);
    }
    const declared = Number(res.headers['content-length']);
    if (declared > options.limitBytes) {
      await res.body.dump();
      throw new ScrapeError(`body larger than the limit of ${options.limitBytes} bytes`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > options.limitBytes) {
        res.body.destroy();
        throw new ScrapeError(`body larger than the limit of ${options.limitBytes} bytes`);
      }
      chunks.push(chunk);
    }
    const type = String(res.headers['content-type'] ?? '');
    const format = type.startsWith('application/openmetrics-text') ? 'openmetrics' : 'prometheus';
    return { text: Buffer.concat(chunks, size).toString('utf8'), format };
  } catch (error) {
    if (error instanceof ScrapeError) throw error;
    throw new ScrapeError(reasonOf(error, options.timeoutMs), { cause: error });
  }
}
