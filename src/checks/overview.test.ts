import { describe, expect, it } from 'vitest';
import { buildOverview, serviceState } from './overview.js';
import type { RuntimeCheck } from './runtime.js';
import type { UptimeFigures } from './history/daily-uptime.js';
import type { CheckState } from './state.js';

const check = (service: string, state: CheckState) => ({ service, state }) as RuntimeCheck;
const services = [
  { id: 'api', name: 'Public API', team: 'sre' },
  { id: 'db', name: 'Postgres', team: null },
  { id: 'web', name: 'Website', team: 'web' },
  { id: 'docs', name: 'Docs', team: null },
];
const checks = [
  check('api', 'up'),
  check('api', 'down'),
  check('db', 'up'),
  check('web', 'degraded'),
  check('web', 'paused'),
  check('docs', 'paused'),
];
const figures = new Map<string, UptimeFigures>([
  [
    'api',
    {
      uptime: 0.99876543,
      latency24h: [12.345, null],
      days: { from: '2026-09-08', days: [1, 0.5, null], runs: [], down: [], downMinutes: [] },
    },
  ],
]);

describe('service overview', () => {
  it('takes the worst active check; paused only when all are', () => {
    const zero = { up: 0, degraded: 0, down: 0, paused: 0, unknown: 0 };
    expect(serviceState({ ...zero, up: 3, down: 1 })).toBe('down');
    expect(serviceState({ ...zero, up: 3, paused: 1 })).toBe('up');
    expect(serviceState({ ...zero, paused: 2 })).toBe('paused');
    expect(serviceState(zero)).toBe('unknown');
  });

  it('sorts worst first, pages, filters by text and state, and rounds figures', () => {
    const all = buildOverview(services, checks, figures, { limit: 10, offset: 0 });
    expect(all.total).toBe(4);
    expect(all.services.map((s) => [s.id, s.state])).toEqual([
      ['api', 'down'],
      ['web', 'degraded'],
      ['docs', 'paused'],
      ['db', 'up'],
    ]);
    expect(all.services[0]).toMatchObject({
      checks: { total: 2, up: 1, down: 1, degraded: 0, paused: 0, unknown: 0 },
      uptime_90d: 0.998765,
      days_from: '2026-09-08',
      days: [1, 0.5, null],
      latency_24h: [12.3, null],
    });
    expect(all.services[3]).toMatchObject({ uptime_90d: null, days: [], latency_24h: [] });
    const page = buildOverview(services, checks, figures, { limit: 2, offset: 2 });
    expect(page.total).toBe(4);
    expect(page.services.map((s) => s.id)).toEqual(['docs', 'db']);
    expect(
      buildOverview(services, checks, figures, { limit: 10, offset: 0, q: 'POST' }).services.map(
        (s) => s.id,
      ),
    ).toEqual(['db']);
    expect(
      buildOverview(services, checks, figures, {
        limit: 10,
        offset: 0,
        state: 'degraded',
      }).services.map((s) => s.id),
    ).toEqual(['web']);
  });
});
