import type { UptimeFigures } from './history/daily-uptime.js';
import type { RuntimeCheck } from './runtime.js';
import type { CheckState } from './state.js';

/**
 * The console's front page: every service with the state of its checks, 90 daily uptime
 * figures and a 24-hour latency line. Built from memory (the engine's states, DailyUptime's
 * cached rollup sums), so it answers in milliseconds with 20,000 checks, and paged, so a
 * browser never receives every service (let alone every check) at once.
 */
export interface ServiceOverview {
  id: string;
  name: string;
  team: string | null;
  state: CheckState;
  checks: Record<'total' | CheckState, number>;
  uptime_90d: number | null;
  days_from: string;
  days: (number | null)[];
  latency_24h: (number | null)[];
}

export interface OverviewQuery {
  limit: number;
  offset: number;
  /** Substring of the id or name, case-insensitive. */
  q?: string | undefined;
  state?: CheckState | undefined;
}

/** Worst first: what needs a responder tops the page. */
const SEVERITY: Record<CheckState, number> = { down: 0, degraded: 1, unknown: 2, paused: 3, up: 4 };

/** A service's state: its worst active check; paused only when every check is paused. */
export function serviceState(counts: Record<CheckState, number>): CheckState {
  for (const state of ['down', 'degraded', 'unknown', 'up'] as const) {
    if (counts[state] > 0) return state;
  }
  return counts.paused > 0 ? 'paused' : 'unknown';
}

const round = (n: number | null, digits: number) =>
  n === null ? null : Math.round(n * 10 ** digits) / 10 ** digits;

export function buildOverview(
  services: Iterable<{ id: string; name: string; team: string | null }>,
  checks: readonly RuntimeCheck[],
  figures: Map<string, UptimeFigures>,
  query: OverviewQuery,
): { total: number; services: ServiceOverview[] } {
  const counts = new Map<string, Record<'total' | CheckState, number>>();
  for (const c of checks) {
    let row = counts.get(c.service);
    if (!row) {
      row = { total: 0, up: 0, degraded: 0, down: 0, paused: 0, unknown: 0 };
      counts.set(c.service, row);
    }
    row.total++;
    row[c.state]++;
  }
  const needle = query.q?.toLowerCase();
  const rows: Array<{ s: { id: string; name: string; team: string | null }; state: CheckState }> =
    [];
  for (const s of services) {
    if (needle && !s.id.toLowerCase().includes(needle) && !s.name.toLowerCase().includes(needle))
      continue;
    const c = counts.get(s.id) ?? { total: 0, up: 0, degraded: 0, down: 0, paused: 0, unknown: 0 };
    const state = serviceState(c);
    if (query.state && state !== query.state) continue;
    rows.push({ s, state });
  }
  rows.sort((a, b) => SEVERITY[a.state] - SEVERITY[b.state] || a.s.name.localeCompare(b.s.name));
  const page = rows.slice(query.offset, query.offset + query.limit);
  return {
    total: rows.length,
    services: page.map(({ s, state }) => {
      const f = figures.get(s.id);
      return {
        id: s.id,
        name: s.name,
        team: s.team,
        state,
        checks: counts.get(s.id) ?? {
          total: 0,
          up: 0,
          degraded: 0,
          down: 0,
          paused: 0,
          unknown: 0,
        },
        uptime_90d: round(f?.uptime ?? null, 6),
        days_from: f?.days.from ?? '',
        days: f ? f.days.days.map((d) => round(d, 6)) : [],
        latency_24h: f ? f.latency24h.map((l) => round(l, 1)) : [],
      };
    }),
  };
}
