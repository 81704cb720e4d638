/** Reads Opsdeck's /metrics: the schedule-lag histogram, run counters and check states. */

/** The check figures in one scrape, summed over every other label (kind, …). */
export interface CheckMetrics {
  /** Whether the engine exposes its metrics at all. */
  present: boolean;
  /** Lag histogram: cumulative count per `le` bound ("0.01", "1", "+Inf", …). */
  lagBuckets: Map<string, number>;
  lagCount: number;
  /** opsdeck_check_runs_total by status, and summed. */
  runsByStatus: Map<string, number>;
  runs: number;
  /** opsdeck_checks gauge by state. */
  checksByState: Map<string, number>;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

function add(map: Map<string, number>, key: string, value: number): void {
  map.set(key, (map.get(key) ?? 0) + value);
}

export function parseCheckMetrics(text: string): CheckMetrics {
  const m: CheckMetrics = {
    present: false,
    lagBuckets: new Map(),
    lagCount: 0,
    runsByStatus: new Map(),
    runs: 0,
    checksByState: new Map(),
  };
  for (const line of text.split('\n')) {
    if (!line.startsWith('opsdeck_check')) continue;
    const match = LINE.exec(line);
    if (!match) continue;
    const [, name, labelText = '', raw] = match;
    const value = Number(raw);
    const labels = Object.fromEntries([...labelText.matchAll(LABEL)].map((l) => [l[1], l[2]]));
    if (name === 'opsdeck_check_schedule_lag_seconds_bucket' && labels.le !== undefined) {
      add(m.lagBuckets, labels.le, value);
    } else if (name === 'opsdeck_check_schedule_lag_seconds_count') {
      m.lagCount += value;
    } else if (name === 'opsdeck_check_runs_total') {
      m.present = true;
      add(m.runsByStatus, labels.status ?? '?', value);
      m.runs += value;
    } else if (name === 'opsdeck_checks') {
      add(m.checksByState, labels.state ?? '?', value);
    }
  }
  // A counter with no series yet prints only its HELP/TYPE lines: the engine is there.
  if (/^# TYPE opsdeck_check_runs_total counter/m.test(text)) m.present = true;
  return m;
}

export async function scrape(baseUrl: string): Promise<CheckMetrics> {
  const res = await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`GET /metrics: HTTP ${res.status}`);
  return parseCheckMetrics(await res.text());
}

/** Runs started within `le` seconds of their due time between two scrapes, as a fraction. */
export function onTime(a: CheckMetrics, b: CheckMetrics, le = '1'): number {
  const total = b.lagCount - a.lagCount;
  const within = (b.lagBuckets.get(le) ?? NaN) - (a.lagBuckets.get(le) ?? 0);
  return total > 0 ? within / total : NaN;
}
