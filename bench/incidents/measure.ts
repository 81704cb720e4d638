/**
 * The HTTP side of bench/incidents: sequential requests with Node's fetch (keep-alive, one
 * connection) against a running Opsdeck, timed from request to the last byte of the body.
 */
import { percentile } from '../lib.js';

export interface Latency {
  samples: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function latencyOf(ms: number[]): Latency {
  const sorted = [...ms].sort((a, b) => a - b);
  return {
    samples: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
  };
}

export interface Client {
  /** GET `path`; resolves with the time taken and the body; throws unless 200. */
  get(path: string): Promise<{ ms: number; body: string }>;
}

export function client(baseUrl: string, token: string): Client {
  const headers = { authorization: `Bearer ${token}`, accept: 'application/json' };
  return {
    async get(path) {
      const t0 = performance.now();
      const res = await fetch(baseUrl + path, { headers, signal: AbortSignal.timeout(60_000) });
      const body = await res.text();
      const ms = performance.now() - t0;
      if (res.status !== 200)
        throw new Error(`GET ${path}: HTTP ${res.status} ${body.slice(0, 200)}`);
      return { ms, body };
    },
  };
}

export interface ListFigures extends Latency {
  name: string;
  query: string;
  /** Items on the first page (shows the filter matches something). */
  firstPage: number;
  /** Every sample, for the pooled figure (left out of the JSON line). */
  ms: number[];
}

interface Page {
  items: unknown[];
  next_cursor: string | null;
}

/** `samples` requests of one list query, after `warmup` untimed ones. */
export async function measureList(
  c: Client,
  name: string,
  query: string,
  samples: number,
  warmup: number,
): Promise<ListFigures> {
  const path = `/api/v1/incidents${query ? `?${query}` : ''}`;
  for (let i = 0; i < warmup; i++) await c.get(path);
  const ms: number[] = [];
  let firstPage = 0;
  for (let i = 0; i < samples; i++) {
    const r = await c.get(path);
    ms.push(r.ms);
    if (i === 0) firstPage = (JSON.parse(r.body) as Page).items.length;
  }
  return { name, query, firstPage, ms, ...latencyOf(ms) };
}

/**
 * Deep pagination: from the first page, follows next_cursor for `pages` pages, again and
 * again until `samples` pages are timed. Every page is a sample; the last page of each
 * chain is also reported on its own.
 */
export async function measureDeepPages(
  c: Client,
  pages: number,
  samples: number,
): Promise<ListFigures & { lastPage: Latency; deepestId: number }> {
  const ms: number[] = [];
  const last: number[] = [];
  let deepestId = NaN;
  const chains = Math.max(1, Math.ceil(samples / pages));
  for (let chain = 0; chain < chains; chain++) {
    let cursor: string | null = null;
    for (let p = 0; p < pages; p++) {
      const r = await c.get(`/api/v1/incidents${cursor === null ? '' : `?cursor=${cursor}`}`);
      ms.push(r.ms);
      const page = JSON.parse(r.body) as Page & { items: Array<{ id: number }> };
      if (p === pages - 1) {
        last.push(r.ms);
        deepestId = page.items[page.items.length - 1]?.id ?? NaN;
      }
      cursor = page.next_cursor;
      if (cursor === null) break;
    }
  }
  return {
    name: `deep pagination (${pages} pages by next_cursor)`,
    query: 'cursor=…',
    firstPage: NaN,
    ms,
    ...latencyOf(ms),
    lastPage: latencyOf(last),
    deepestId,
  };
}

export interface ReportFigures {
  runs: number;
  firstMs: number;
  p50: number;
  max: number;
  incidents: number;
  expected: number;
  breaches: number;
  bytes: number;
}

/** One untimed first run (reported as `firstMs`), then `runs` timed ones. */
export async function measureReport(
  c: Client,
  from: number,
  to: number,
  runs: number,
  expected: number,
): Promise<ReportFigures> {
  const path = `/api/v1/reports/incidents?from=${from}&to=${to}&tz=Europe/Madrid`;
  const first = await c.get(path);
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) ms.push((await c.get(path)).ms);
  const report = JSON.parse(first.body) as { overall: { incidents: number; breaches: number } };
  const l = latencyOf(ms);
  return {
    runs,
    firstMs: first.ms,
    p50: l.p50,
    max: l.max,
    incidents: report.overall.incidents,
    expected,
    breaches: report.overall.breaches,
    bytes: first.body.length,
  };
}
