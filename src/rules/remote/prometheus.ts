/**
 * Rule evaluation against a real Prometheus: each rule is one instant query
 * (`POST /api/v1/query`, form-encoded, as Grafana does for long expressions) at the evaluation
 * time. Prometheus then owns scraping and storage; we keep only the alerting state.
 */
import { Agent, request } from 'undici';
import type { Sample } from '../promql/values.js';
import type { RuleQuerier } from '../querier.js';

interface QueryResponse {
  status: 'success' | 'error';
  error?: string;
  errorType?: string;
  data?: { resultType: string; result: unknown };
}

function sampleValue(text: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}

/** Answers rule expressions with instant queries to a Prometheus server. */
export class PrometheusQuerier implements RuleQuerier {
  readonly #agent = new Agent({ keepAliveTimeout: 60_000, connections: 4 });
  readonly #endpoint: string;

  constructor(
    baseUrl: string,
    private readonly timeoutMs: number,
  ) {
    this.#endpoint = new URL('api/v1/query', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).href;
  }

  async query(text: string, time: number): Promise<Sample[]> {
    const form = new URLSearchParams({
      query: text,
      time: (time / 1000).toFixed(3),
      timeout: `${this.timeoutMs}ms`,
    });
    let body: QueryResponse;
    try {
      const res = await request(this.#endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
        dispatcher: this.#agent,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const raw = await res.body.text();
      try {
        body = JSON.parse(raw) as QueryResponse;
      } catch {
        throw new Error(`Prometheus answered HTTP ${res.statusCode} without a JSON body`);
      }
    } catch (error) {
      const e = error as { name?: string; message?: string };
      if (e.name === 'TimeoutError')
        throw new Error(`Prometheus query timed out after ${this.timeoutMs} ms`);
      throw new Error(`Prometheus query failed: ${e.message ?? String(error)}`);
    }
    if (body.status !== 'success' || !body.data)
      throw new Error(`Prometheus: ${body.errorType ?? 'error'}: ${body.error ?? 'unknown error'}`);
    const { resultType, result } = body.data;
    if (resultType === 'scalar')
      return [{ labels: {}, value: sampleValue((result as [number, string])[1]) }];
    if (resultType !== 'vector')
      throw new Error(`Prometheus returned a ${resultType}, not a vector`);
    return (result as Array<{ metric: Record<string, string>; value: [number, string] }>).map(
      (r) => ({
        labels: r.metric,
        value: sampleValue(r.value[1]),
      }),
    );
  }

  async close(): Promise<void> {
    await this.#agent.close();
  }
}
