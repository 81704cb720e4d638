/**
 * Deterministic metric history for comparing our evaluator with the real Prometheus: an
 * OpenMetrics text (timestamps in seconds) that promtool backfills into a TSDB and that our own
 * parser reads into a SeriesStore, so both engines answer from exactly the same samples.
 * Scrapes are 15 s apart with up to ±2 s of jitter, which exercises rate extrapolation.
 */

/** 2023-11-14T22:13:20Z: any fixed past instant works; Prometheus keeps it (long retention). */
export const T0 = 1_700_000_000_000;
export const STEP_MS = 15_000;
export const POINTS = 120; // 30 minutes

/** A small deterministic PRNG (mulberry32), so failures reproduce. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BOUNDS = ['0.05', '0.1', '0.25', '0.5', '1', '2.5', '+Inf'];

function labelText(labels: Record<string, string>): string {
  return `{${Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',')}}`;
}

/** The whole history as OpenMetrics text ending in `# EOF`. */
export function historyOpenMetrics(): string {
  const rnd = random(42);
  const times = Array.from({ length: POINTS }, (_, i) =>
    Math.round(T0 + i * STEP_MS + (i === 0 ? 0 : (rnd() - 0.5) * 4_000)),
  );
  const ts = (i: number) => (times[i]! / 1000).toFixed(3);
  const out: string[] = ['# TYPE http_requests counter'];
  const app = { job: 'app', instance: 'app-1:8080' };
  for (const [code, perStep, resetAt] of [
    ['200', 40, 70],
    ['500', 3, -1],
    ['404', 1, -1],
  ] as const) {
    for (const method of ['get', 'post']) {
      let value = method === 'get' ? 1000 : 10;
      times.forEach((_, i) => {
        value = i === resetAt ? Math.floor(rnd() * 5) : value + Math.floor(rnd() * perStep * 2);
        out.push(`http_requests_total${labelText({ ...app, code, method })} ${value} ${ts(i)}`);
      });
    }
  }
  out.push('# TYPE http_request_duration_seconds unknown');
  for (const route of ['/a', '/b']) {
    const counts = BOUNDS.map(() => 0);
    let sum = 0;
    times.forEach((_, i) => {
      for (let n = 0; n < 20; n++) {
        // Route /b is slower: most of its requests take 0.5–2.5 s.
        const d = route === '/a' ? rnd() * 0.6 : 0.3 + rnd() * 2.4;
        sum += d;
        BOUNDS.forEach((b, k) => {
          if (b === '+Inf' || d <= Number(b)) counts[k]!++;
        });
      }
      BOUNDS.forEach((le, k) =>
        out.push(
          `http_request_duration_seconds_bucket${labelText({ ...app, route, le })} ${counts[k]} ${ts(i)}`,
        ),
      );
      out.push(
        `http_request_duration_seconds_sum${labelText({ ...app, route })} ${sum.toFixed(4)} ${ts(i)}`,
      );
      out.push(
        `http_request_duration_seconds_count${labelText({ ...app, route })} ${counts[6]} ${ts(i)}`,
      );
    });
  }
  for (const name of ['db_pool_in_use', 'db_pool_max']) {
    out.push(`# TYPE ${name} gauge`);
    for (const pool of ['main', 'replica']) {
      const r = random(pool === 'main' ? 7 : 8);
      times.forEach((_, i) => {
        const value = name === 'db_pool_max' ? 20 : Math.floor(r() * 21);
        out.push(`${name}${labelText({ ...app, pool })} ${value} ${ts(i)}`);
      });
    }
  }
  out.push('# TYPE temperature gauge');
  for (const room of ['a', 'b', 'c']) {
    // Room c stops reporting after 10 minutes: it must vanish 5 minutes later (lookback).
    const last = room === 'c' ? 40 : POINTS;
    times.slice(0, last).forEach((_, i) => {
      const v = (rnd() - 0.4) * 30;
      out.push(
        `temperature${labelText({ job: 'sensors', instance: `s-${room}`, room })} ${v.toFixed(3)} ${ts(i)}`,
      );
    });
  }
  out.push('# EOF', '');
  return out.join('\n');
}
