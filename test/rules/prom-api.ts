/** Reading answers from the real Prometheus' HTTP API, for comparisons with our evaluator. */

/** One element of an instant query's answer. */
export interface PromResult {
  labels: Record<string, string>;
  value: number;
}

/** A sample value as Prometheus' JSON writes it (`"+Inf"`, `"-Inf"`, `"NaN"`, `"0.5"`). */
export function promNumber(text: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}

/** `GET /api/v1/query` at `time` (epoch ms); a scalar comes back as one unlabelled result. */
export async function promQuery(url: string, query: string, time: number): Promise<PromResult[]> {
  const params = new URLSearchParams({ query, time: String(time / 1000) });
  const res = await fetch(`${url}/api/v1/query?${params}`, { signal: AbortSignal.timeout(10_000) });
  const body = (await res.json()) as {
    status: string;
    error?: string;
    data?: { resultType: string; result: unknown };
  };
  if (body.status !== 'success' || !body.data) throw new Error(`${query}: ${body.error}`);
  const { resultType, result } = body.data;
  if (resultType === 'scalar')
    return [{ labels: {}, value: promNumber((result as [number, string])[1]) }];
  if (resultType !== 'vector') throw new Error(`${query}: unexpected ${resultType}`);
  return (result as Array<{ metric: Record<string, string>; value: [number, string] }>).map(
    (r) => ({ labels: r.metric, value: promNumber(r.value[1]) }),
  );
}

/** The raw samples of `selector` in the `range` (e.g. `5m`) before `time`: a range query at an instant. */
export async function promRawSamples(
  url: string,
  selector: string,
  range: string,
  time: number,
): Promise<Array<{ labels: Record<string, string>; points: Array<[number, number]> }>> {
  const params = new URLSearchParams({ query: `${selector}[${range}]`, time: String(time / 1000) });
  const res = await fetch(`${url}/api/v1/query?${params}`, { signal: AbortSignal.timeout(10_000) });
  const body = (await res.json()) as {
    status: string;
    error?: string;
    data?: { result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> };
  };
  if (body.status !== 'success' || !body.data) throw new Error(`${selector}: ${body.error}`);
  return body.data.result.map((r) => ({
    labels: r.metric,
    points: r.values.map(([t, v]) => [Math.round(t * 1000), promNumber(v)] as [number, number]),
  }));
}
