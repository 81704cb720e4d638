/**
 * The incident report on both databases: incidents inserted directly with known timestamps,
 * so every figure below is computed by hand (seconds; nearest-rank percentiles: rank
 * ⌈p/100 × n⌉ of the sorted values). Then the route: the same report over HTTP, defaults,
 * and a 400 naming the field for each kind of bad input.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { incidentRow } from '../support/incidents.js';
import { SAMPLE_CONFIG, startTestApp, type TestApp } from '../support/app.js';
import { incidentReport, type IncidentReport } from '../../src/incidents/reports/index.js';
import type { Db } from '../../src/incidents/repository.js';

const at = (iso: string) => Date.parse(iso);
const S = 1000;
const NOW = at('2025-06-01T00:00:00Z');
const PAST = at('2025-01-22T00:00:00Z');
const FUTURE = at('2099-01-01T00:00:00Z');
const SEVERITIES = ['P0', 'P1', 'P2', 'P3'];

interface Seed {
  name: string;
  severity: string | null;
  status: string;
  source: 'alerts' | 'manual';
  opened: string;
  /** Seconds before opening the impact began; null: unknown. */
  detect: number | null;
  /** Seconds after opening; null: not reached. */
  ack: number | null;
  mitigate: number | null;
  resolve: number | null;
  /** The severity's respond_within, seconds; null: no deadline. */
  within: number | null;
  services: string[];
}

// Figures by incident (seconds): detect / ack / mitigate / resolve; breach.
const SEEDS: Seed[] = [
  // A: 300 / 240 / 1800 / 3600, in time.
  {
    name: 'A',
    severity: 'P1',
    status: 'closed',
    source: 'alerts',
    opened: '2025-01-10T10:00:00Z',
    detect: 300,
    ack: 240,
    mitigate: 1800,
    resolve: 3600,
    within: 900,
    services: ['api', 'db'],
  },
  // B: 0 / 1200 / 2400 / 5400, acknowledged 300 s late.
  {
    name: 'B',
    severity: 'P1',
    status: 'resolved',
    source: 'alerts',
    opened: '2025-01-20T10:00:00Z',
    detect: 0,
    ack: 1200,
    mitigate: 2400,
    resolve: 5400,
    within: 900,
    services: ['api'],
  },
  // C: 60 / - / 7200 / 7200, never acknowledged, resolved 3600 s after its deadline.
  // 23:30 UTC on Jan 31 is 00:30 on Feb 1 in Madrid.
  {
    name: 'C',
    severity: 'P2',
    status: 'resolved',
    source: 'manual',
    opened: '2025-01-31T23:30:00Z',
    detect: 60,
    ack: null,
    mitigate: 7200,
    resolve: 7200,
    within: 3600,
    services: [],
  },
  // Outside [2025-01-01, 2025-03-01) UTC (but inside it in Madrid time); inserted among
  // the others so its id is within the range's id bounds: never counted.
  {
    name: 'before',
    severity: 'P1',
    status: 'triggered',
    source: 'alerts',
    opened: '2024-12-31T23:59:59.999Z',
    detect: 0,
    ack: null,
    mitigate: null,
    resolve: null,
    within: 900,
    services: ['api'],
  },
  // D: 600 / 600 / - / -, still open, in time.
  {
    name: 'D',
    severity: 'P3',
    status: 'investigating',
    source: 'alerts',
    opened: '2025-02-15T12:00:00Z',
    detect: 600,
    ack: 600,
    mitigate: null,
    resolve: null,
    within: 86400,
    services: ['web'],
  },
  // E: 120 / - / - / -, nobody responded: breached, late until now.
  {
    name: 'E',
    severity: 'P0',
    status: 'triggered',
    source: 'alerts',
    opened: '2025-02-20T08:00:00Z',
    detect: 120,
    ack: null,
    mitigate: null,
    resolve: null,
    within: 900,
    services: ['api'],
  },
  // F: unknown start / 60 / 180 / 180, no severity, no deadline.
  {
    name: 'F',
    severity: null,
    status: 'closed',
    source: 'manual',
    opened: '2025-02-27T00:00:00Z',
    detect: null,
    ack: 60,
    mitigate: 180,
    resolve: 180,
    within: null,
    services: ['db'],
  },
  // G: 0 / 120 / 300 / 360, a severity the config no longer has.
  {
    name: 'G',
    severity: 'SEV9',
    status: 'closed',
    source: 'manual',
    opened: '2025-02-10T00:00:00Z',
    detect: 0,
    ack: 120,
    mitigate: 300,
    resolve: 360,
    within: null,
    services: ['web'],
  },
  // Opened on the range's end (excluded): never counted.
  {
    name: 'after',
    severity: 'P1',
    status: 'triggered',
    source: 'alerts',
    opened: '2025-03-01T00:00:00Z',
    detect: 0,
    ack: null,
    mitigate: null,
    resolve: null,
    within: 900,
    services: ['api'],
  },
];

const stats = (
  count: number,
  mean: number,
  p50: number,
  p90: number,
  p95: number,
  max: number,
) => ({
  count,
  mean,
  p50,
  p90,
  p95,
  max,
});
const none = { count: 0, mean: null, p50: null, p90: null, p95: null, max: null };
const one = (v: number) => stats(1, v, v, v, v, v);

async function seed(db: Db): Promise<Record<string, number>> {
  const ids: Record<string, number> = {};
  for (const s of SEEDS) {
    const opened = at(s.opened);
    const after = (sec: number | null) => (sec === null ? null : opened + sec * S);
    const row = await db
      .insertInto('incidents')
      .values(
        incidentRow({
          key: `report-${s.name}`,
          title: `Incident ${s.name}`,
          severity: s.severity,
          service: s.services[0] ?? null,
          status: s.status,
          source: s.source,
          opened_at: opened,
          started_at: s.detect === null ? null : opened - s.detect * S,
          acknowledged_at: after(s.ack),
          acknowledged_by: s.ack === null ? null : 'alice',
          mitigated_at: after(s.mitigate),
          resolved_at: after(s.resolve),
          resolved_by: s.resolve === null ? null : 'alice',
          respond_by: after(s.within),
        }),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(row.id);
    ids[s.name] = id;
    for (const service of s.services)
      await db.insertInto('incident_services').values({ service, incident_id: id }).execute();
  }
  const postmortem = (name: string, status: string, required: number, due: number | null) =>
    db
      .insertInto('postmortems')
      .values({
        incident_id: ids[name]!,
        status,
        body: null,
        owner: 'alice',
        required,
        due_at: due,
        next_reminder_at: null,
        reminders: 0,
        created_at: PAST,
        updated_at: PAST,
        updated_by: null,
        published_at: status === 'published' ? PAST : null,
        published_by: status === 'published' ? 'alice' : null,
      })
      .execute();
  await postmortem('A', 'published', 1, PAST); // published: not overdue though past due
  await postmortem('B', 'draft', 1, PAST); // overdue
  await postmortem('D', 'draft', 0, FUTURE);
  await postmortem('G', 'draft', 0, null);
  await postmortem('before', 'draft', 1, PAST); // outside the range
  const item = (name: string, status: string, due: number | null) =>
    db
      .insertInto('action_items')
      .values({
        incident_id: ids[name]!,
        title: `fix ${name}`,
        owner: null,
        due_at: due,
        url: null,
        status,
        created_at: PAST,
        created_by: 'alice',
        updated_at: PAST,
        done_at: status === 'done' ? PAST : null,
        done_by: status === 'done' ? 'alice' : null,
      })
      .execute();
  await item('B', 'open', PAST); // overdue
  await item('B', 'open', null);
  await item('B', 'done', PAST);
  await item('A', 'done', null);
  await item('A', 'open', FUTURE);
  await item('after', 'open', PAST); // outside the range
  return ids;
}

const CONFIG = `${SAMPLE_CONFIG}
incidents:
  report_timezone: Europe/Madrid
`;

describeEachDialect('incident reports', (ctx) => {
  let t: TestApp;
  let ids: Record<string, number>;
  const FROM = at('2025-01-01T00:00:00Z');
  const TO = at('2025-03-01T00:00:00Z');
  const report = (zone = 'UTC', from = FROM, to = TO) =>
    incidentReport(ctx.store().db, { from, to, zone, now: NOW, severities: SEVERITIES });
  const get = (query: string) =>
    t.app.inject({
      method: 'GET',
      url: `/api/v1/reports/incidents${query}`,
      headers: t.auth('viewer'),
    });

  beforeAll(async () => {
    ids = await seed(ctx.store().db);
    t = await startTestApp(ctx.store(), CONFIG);
  });
  afterAll(() => t?.close());

  it('computes overall figures, totals by status and source', async () => {
    const r = await report();
    expect(r).toMatchObject({
      from: '2025-01-01T00:00:00.000Z',
      to: '2025-03-01T00:00:00.000Z',
      timezone: 'UTC',
      generated_at: '2025-06-01T00:00:00.000Z',
    });
    expect(r.overall).toEqual({
      incidents: 7,
      breaches: 3,
      // 0 0 60 120 300 600 (F's start is unknown): mean 1080/6; p50 rank 3; p90, p95 rank 6.
      time_to_detect: stats(6, 180, 60, 600, 600, 600),
      // 60 120 240 600 1200: mean 2220/5; p50 rank 3; p90 rank ⌈4.5⌉ = 5.
      time_to_acknowledge: stats(5, 444, 240, 1200, 1200, 1200),
      // 180 300 1800 2400 7200: mean 11880/5.
      time_to_mitigate: stats(5, 2376, 1800, 7200, 7200, 7200),
      // 180 360 3600 5400 7200: mean 16740/5.
      time_to_resolve: stats(5, 3348, 3600, 7200, 7200, 7200),
    });
    expect(r.by_status).toEqual({
      triggered: 1,
      acknowledged: 0,
      investigating: 1,
      identified: 0,
      monitoring: 0,
      resolved: 2,
      closed: 3,
    });
    expect(r.by_source).toEqual({ alerts: 4, manual: 3 });
  });

  it('groups by severity in config order, then unknown ones, then none', async () => {
    const r = await report();
    expect(r.by_severity.map((g) => [g.severity, g.incidents, g.breaches])).toEqual([
      ['P0', 1, 1],
      ['P1', 2, 1],
      ['P2', 1, 1],
      ['P3', 1, 0],
      ['SEV9', 1, 0],
      [null, 1, 0],
    ]);
    const [p0, p1, p2, p3, sev9, nul] = r.by_severity;
    expect(p1).toEqual({
      severity: 'P1',
      incidents: 2,
      breaches: 1,
      time_to_detect: stats(2, 150, 0, 300, 300, 300),
      time_to_acknowledge: stats(2, 720, 240, 1200, 1200, 1200),
      time_to_mitigate: stats(2, 2100, 1800, 2400, 2400, 2400),
      time_to_resolve: stats(2, 4500, 3600, 5400, 5400, 5400),
    });
    expect(p0).toMatchObject({
      time_to_detect: one(120),
      time_to_acknowledge: none,
      time_to_mitigate: none,
      time_to_resolve: none,
    });
    expect(p2).toMatchObject({ time_to_acknowledge: none, time_to_resolve: one(7200) });
    expect(p3).toMatchObject({ time_to_acknowledge: one(600), time_to_resolve: none });
    expect(sev9).toMatchObject({ time_to_detect: one(0), time_to_resolve: one(360) });
    expect(nul).toMatchObject({ time_to_detect: none, time_to_acknowledge: one(60) });
  });

  it('counts an incident under each affected service, and those without one under null', async () => {
    const r = await report();
    // api: A B E; db: A F; web: D G; none: C. Busiest first, then by name.
    expect(r.by_service.map((g) => [g.service, g.incidents, g.breaches])).toEqual([
      ['api', 3, 2],
      ['db', 2, 0],
      ['web', 2, 0],
      [null, 1, 1],
    ]);
    const [api, db, web, nul] = r.by_service;
    expect(api).toMatchObject({
      time_to_detect: stats(3, 140, 120, 300, 300, 300), // 0 120 300
      time_to_acknowledge: stats(2, 720, 240, 1200, 1200, 1200),
      time_to_resolve: stats(2, 4500, 3600, 5400, 5400, 5400),
    });
    expect(db).toMatchObject({
      time_to_detect: one(300),
      time_to_acknowledge: stats(2, 150, 60, 240, 240, 240), // 60 240
      time_to_resolve: stats(2, 1890, 180, 3600, 3600, 3600), // 180 3600
    });
    expect(web).toMatchObject({
      time_to_acknowledge: stats(2, 360, 120, 600, 600, 600), // 120 600
      time_to_mitigate: one(300),
      time_to_resolve: one(360),
    });
    expect(nul).toMatchObject({ time_to_acknowledge: none, time_to_resolve: one(7200) });
  });

  it('groups by calendar month of opening in the report’s time zone', async () => {
    const utc = await report();
    expect(utc.by_month.map((m) => [m.month, m.starts_at, m.incidents, m.breaches])).toEqual([
      ['2025-01', '2025-01-01T00:00:00.000Z', 3, 2], // A B C
      ['2025-02', '2025-02-01T00:00:00.000Z', 4, 1], // D E F G
    ]);
    expect(utc.by_month[0]).toMatchObject({
      time_to_acknowledge: stats(2, 720, 240, 1200, 1200, 1200), // 240 1200
      time_to_resolve: stats(3, 5400, 5400, 7200, 7200, 7200), // 3600 5400 7200
    });
    expect(utc.by_month[1]).toMatchObject({
      time_to_acknowledge: stats(3, 260, 120, 600, 600, 600), // 60 120 600
      time_to_resolve: stats(2, 270, 180, 360, 360, 360), // 180 360
    });

    // The same instants in Madrid (UTC+1): C moves to February; the range's last hour
    // (00:00 to 01:00 on March 1, local) makes an empty March.
    const madrid = await report('Europe/Madrid');
    expect(madrid.by_month.map((m) => [m.month, m.starts_at, m.incidents])).toEqual([
      ['2025-01', '2024-12-31T23:00:00.000Z', 2],
      ['2025-02', '2025-01-31T23:00:00.000Z', 5],
      ['2025-03', '2025-02-28T23:00:00.000Z', 0],
    ]);
    expect(madrid.by_month[2]!.time_to_resolve).toEqual(none);
    // Local midnight to midnight: the incident at 23:59:59.999 UTC on Dec 31 is in January.
    const local = await report(
      'Europe/Madrid',
      at('2025-01-01T00:00:00+01:00'),
      at('2025-03-01T00:00:00+01:00'),
    );
    expect(local.by_month.map((m) => [m.month, m.incidents])).toEqual([
      ['2025-01', 3], // before A B
      ['2025-02', 5], // C D E F G
    ]);
  });

  it('counts and lists breaches, newest first, with how late each was', async () => {
    const r = await report();
    expect(r.breaches).toEqual({
      count: 3,
      items: [
        {
          id: ids.E,
          title: 'Incident E',
          severity: 'P0',
          opened_at: '2025-02-20T08:00:00.000Z',
          respond_by: '2025-02-20T08:15:00.000Z',
          responded_at: null,
          late_by: 8_696_700, // until NOW
        },
        {
          id: ids.C,
          title: 'Incident C',
          severity: 'P2',
          opened_at: '2025-01-31T23:30:00.000Z',
          respond_by: '2025-02-01T00:30:00.000Z',
          responded_at: '2025-02-01T01:30:00.000Z', // resolved, never acknowledged
          late_by: 3600,
        },
        {
          id: ids.B,
          title: 'Incident B',
          severity: 'P1',
          opened_at: '2025-01-20T10:00:00.000Z',
          respond_by: '2025-01-20T10:15:00.000Z',
          responded_at: '2025-01-20T10:20:00.000Z',
          late_by: 300,
        },
      ],
    });
  });

  it('counts post-mortems and action items of the report’s incidents only', async () => {
    const r = await report();
    expect(r.postmortems).toEqual({ total: 4, required: 2, published: 1, overdue: 1 });
    expect(r.action_items).toEqual({ open: 3, overdue: 1, done: 2 });
  });

  it('reports a range without incidents with zero counts and empty figures', async () => {
    const r = await report('UTC', at('2020-01-01T00:00:00Z'), at('2020-02-01T00:00:00Z'));
    expect(r.overall).toEqual({
      incidents: 0,
      breaches: 0,
      time_to_detect: none,
      time_to_acknowledge: none,
      time_to_mitigate: none,
      time_to_resolve: none,
    });
    expect(r.by_severity.map((g) => [g.severity, g.incidents])).toEqual(
      SEVERITIES.map((s) => [s, 0]),
    );
    expect(r.by_service).toEqual([]);
    expect(r.by_month.map((m) => [m.month, m.incidents])).toEqual([['2020-01', 0]]);
    expect(r.breaches).toEqual({ count: 0, items: [] });
    expect(r.postmortems).toEqual({ total: 0, required: 0, published: 0, overdue: 0 });
    expect(r.action_items).toEqual({ open: 0, overdue: 0, done: 0 });
  });

  it('serves the same report over HTTP (ISO 8601 or epoch ms)', async () => {
    const res = await get(`?from=2025-01-01T00:00:00Z&to=${TO}&tz=UTC`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as IncidentReport;
    const expected = await report();
    // Only what depends on the clock differs: when, and E's lateness (until now).
    const late = body.breaches.items[0]!.late_by;
    expect(late).toBeGreaterThan(expected.breaches.items[0]!.late_by);
    expected.breaches.items[0]!.late_by = late;
    expect(body).toEqual({ ...expected, generated_at: body.generated_at });
  });

  it('defaults to the last 30 days and the configured time zone', async () => {
    const before = Date.now();
    const res = await get('');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as IncidentReport;
    const to = at(body.to);
    expect(to).toBeGreaterThanOrEqual(before);
    expect(to - at(body.from)).toBe(30 * 86_400_000);
    expect(body.timezone).toBe('Europe/Madrid');
    expect(body.overall.incidents).toBe(0);
    // `from` alone: up to now; `to` alone: the 30 days before it.
    const to2 = await get('?to=2025-03-01T00:00:00Z');
    expect((to2.json() as IncidentReport).from).toBe('2025-01-30T00:00:00.000Z');
  });

  it('answers 400 naming the field for bad input', async () => {
    const cases: Array<[string, RegExp]> = [
      ['?from=yesterday', /^from: expected an ISO 8601 time or epoch ms/],
      ['?to=2025-13-45', /^to: expected an ISO 8601 time or epoch ms/],
      ['?from=2025-03-01T00:00:00Z&to=2025-03-01T00:00:00Z', /^to: must be after from/],
      ['?from=2025-03-01T00:00:00Z&to=2025-02-01T00:00:00Z', /^to: must be after from/],
      ['?from=2099-01-01T00:00:00Z', /^from: must be before to \(now, /],
      ['?from=2020-01-01T00:00:00Z&to=2025-01-01T00:00:01Z', /^to: the range may span 5 years/],
      ['?tz=Mars/Olympus', /^tz: unknown time zone 'Mars\/Olympus'/],
      [`?tz=${'x'.repeat(65)}`, /^querystring\.tz: /],
      [`?from=${'1'.repeat(41)}`, /^querystring\.from: /],
    ];
    for (const [query, message] of cases) {
      const res = await get(query);
      expect([res.statusCode, res.json().error.code], query).toEqual([400, 'validation_failed']);
      expect(res.json().error.message, query).toMatch(message);
    }
    // Exactly five years is allowed.
    const five = await get('?from=2020-01-01T00:00:00Z&to=2025-01-01T00:00:00Z&tz=UTC');
    expect(five.statusCode, five.body).toBe(200);
    expect(five.json().by_month).toHaveLength(60);
  });
});
