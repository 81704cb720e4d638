/**
 * The on-call API through the real app (app.inject) on both databases: schedules, shifts,
 * "who is on call" with escalation policies, overrides, iCal with bearer tokens and with
 * subscription keys, and 400s that name the field.
 */
import ICAL from 'ical.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '../../src/auth/index.js';
import { loadSigningKey } from '../../src/lib/signing-key.js';
import { icalKey } from '../../src/oncall/index.js';
import { describeEachDialect } from '../support/dialects.js';
import { startTestApp, type TestApp } from '../support/app.js';

const DAY = 86_400_000;
const CONFIG = `
channels:
  hook: { type: webhook, url: "http://127.0.0.1:9/hook" }
people:
  alice: { name: Alice, notify: { default: [hook] } }
  bob: { name: Bob, notify: { default: [hook] } }
  carol: { name: Carol, notify: { default: [hook] } }
  nora: { name: Nora, notify: { default: [hook] } }
teams:
  sre: { members: [alice, bob] }
schedules:
  primary:
    name: SRE primary
    timezone: Europe/Madrid
    rotations:
      - { name: nights, members: [nora], every: 1w, handoff: "Mon 09:00", start: 2026-03-02 }
      - name: business hours
        members: [alice, bob]
        every: 1d
        start: 2026-03-02
        layer: 2
        restrictions: [{ days: [mon, tue, wed, thu, fri], from: "09:00", to: "18:00" }]
  office:
    rotations:
      - { members: [carol], every: 1w, restrictions: [{ days: [mon, tue, wed, thu, fri], from: "09:00", to: "17:00" }] }
escalation_policies:
  default:
    name: Default
    steps:
      - notify: [schedule:primary, person:carol, team:sre, channel:hook]
      - { after: 30m, notify: [person:carol] }
`;

interface ShiftJson {
  person: string;
  person_name: string;
  start: string;
  end: string;
  source: string;
  layer: number | null;
  override_id: string | null;
}

describeEachDialect('on-call API', (ctx) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(ctx.store(), CONFIG);
  });
  afterAll(() => t?.close());
  beforeEach(async () => {
    await ctx.store().db.deleteFrom('schedule_overrides').execute();
    await t.oncall.overrides.refresh();
  });

  const call = (method: string, url: string, payload?: unknown, role: Role = 'responder') =>
    t.app.inject({
      method: method as 'GET',
      url,
      headers: t.auth(role),
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const expect400 = async (url: string, message: string, method = 'GET', payload?: unknown) => {
    const res = await call(method, url, payload);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.code).toBe('validation_failed');
    expect(res.json().error.message).toContain(message);
  };

  describe('schedules', () => {
    it('lists schedules with who is on call now, the next handoff, gaps and the iCal URL', async () => {
      const res = await call('GET', '/api/v1/schedules', undefined, 'viewer');
      expect(res.statusCode, res.body).toBe(200);
      const items = res.json().items as Array<Record<string, unknown>>;
      expect(items.map((s) => s.id)).toEqual(['primary', 'office']);
      const office = items[1]!;
      const now = Date.now();
      const onCall = t.oncall.onCallAt('office', now);
      expect(office).toMatchObject({ name: 'office', timezone: 'UTC', gap_horizon: '4w' });
      expect((office.on_call as Array<{ id: string }>).map((p) => p.id)).toEqual(onCall);
      expect((office.gaps as unknown[]).length).toBeGreaterThanOrEqual(19);
      expect(office.next_handoff).toMatchObject({ at: office.until });
      expect(office.ical_url).toMatch(
        /^http:\/\/127\.0\.0\.1:8080\/ical\/schedules\/office\.ics\?key=[0-9a-f]{32}$/,
      );
      // Nights cover whatever business hours do not: primary never has a gap.
      expect(items[0]!.gaps).toEqual([]);
    });

    it('shows one schedule with its rotations; 404 for an unknown one', async () => {
      const res = await call('GET', '/api/v1/schedules/primary', undefined, 'viewer');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().rotations[1]).toEqual({
        index: 1,
        name: 'business hours',
        layer: 2,
        members: [
          { id: 'alice', name: 'Alice' },
          { id: 'bob', name: 'Bob' },
        ],
        every: '1d',
        handoff: '09:00',
        start: '2026-03-02',
        end: null,
        restrictions: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '18:00' }],
      });
      expect(res.json().rotations[0].handoff).toBe('mon 09:00');
      const missing = await call('GET', '/api/v1/schedules/nope', undefined, 'viewer');
      expect(missing.statusCode).toBe(404);
      expect(missing.json().error.message).toBe("schedule 'nope' not found");
    });

    it('returns the final shifts of a range (layers applied across the DST change)', async () => {
      const from = Date.parse('2026-03-27T00:00:00+01:00');
      const to = Date.parse('2026-03-31T00:00:00+02:00');
      const res = await call('GET', `/api/v1/schedules/primary/shifts?from=${from}&to=${to}`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as { shifts: ShiftJson[]; gaps: unknown[]; from: string };
      expect(body.from).toBe('2026-03-26T23:00:00.000Z');
      expect(body.shifts.map((s) => `${s.person} ${s.start}–${s.end} ${s.layer}`)).toEqual([
        'nora 2026-03-26T23:00:00.000Z–2026-03-27T08:00:00.000Z 1',
        'bob 2026-03-27T08:00:00.000Z–2026-03-27T17:00:00.000Z 2',
        'nora 2026-03-27T17:00:00.000Z–2026-03-30T07:00:00.000Z 1',
        'alice 2026-03-30T07:00:00.000Z–2026-03-30T16:00:00.000Z 2',
        'nora 2026-03-30T16:00:00.000Z–2026-03-30T22:00:00.000Z 1',
      ]);
      expect(body.shifts[1]).toMatchObject({ person_name: 'Bob', source: 'rotation' });
      expect(body.gaps).toEqual([]);
      const office = await call(
        'GET',
        '/api/v1/schedules/office/shifts?from=2026-03-28T00:00:00Z&to=2026-03-31T00:00:00Z',
      );
      expect(office.json().gaps).toEqual([
        { start: '2026-03-28T00:00:00.000Z', end: '2026-03-30T09:00:00.000Z' },
        { start: '2026-03-30T17:00:00.000Z', end: '2026-03-31T00:00:00.000Z' },
      ]);
    });

    it('defaults to now → 7 days; answers 400 naming the field for bad ranges', async () => {
      const res = await call('GET', '/api/v1/schedules/office/shifts');
      const body = res.json() as { from: string; to: string };
      expect(Date.parse(body.to) - Date.parse(body.from)).toBe(7 * DAY);
      expect(Math.abs(Date.parse(body.from) - Date.now())).toBeLessThan(60_000);
      await expect400(
        '/api/v1/schedules/office/shifts?from=yesterday',
        "from: expected an ISO 8601 time or epoch ms, got 'yesterday'",
      );
      await expect400(
        '/api/v1/schedules/office/shifts?to=soon',
        "to: expected an ISO 8601 time or epoch ms, got 'soon'",
      );
      await expect400(
        '/api/v1/schedules/office/shifts?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z',
        'to: must be after from',
      );
      await expect400(
        '/api/v1/schedules/office/shifts?from=2026-01-01T00:00:00Z&to=2027-01-03T00:00:00Z',
        'to: ranges are limited to 366 days',
      );
      await expect400(`/api/v1/schedules/office/shifts?from=${'9'.repeat(41)}`, 'querystring.from');
      const missing = await call('GET', '/api/v1/schedules/nope/shifts');
      expect(missing.statusCode).toBe(404);
    });
  });

  it('documents the routes in the OpenAPI document', async () => {
    const doc = (await t.app.inject('/api/v1/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/schedules',
        '/api/v1/schedules/{id}/shifts',
        '/api/v1/schedules/{id}/overrides/{overrideId}',
        '/api/v1/oncall',
        '/ical/schedules/{id}.ics',
      ]),
    );
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['ScheduleSummary', 'ScheduleDetail', 'Shift', 'ScheduleOverride']),
    );
  });

  describe('who is on call', () => {
    it('answers for every schedule and every escalation policy’s first step', async () => {
      const res = await call(
        'GET',
        '/api/v1/oncall?at=2026-03-30T12:00:00%2B02:00',
        undefined,
        'viewer',
      );
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({
        at: '2026-03-30T10:00:00.000Z',
        schedules: [
          {
            id: 'primary',
            name: 'SRE primary',
            on_call: [{ id: 'alice', name: 'Alice' }],
            until: '2026-03-30T16:00:00.000Z',
          },
          {
            id: 'office',
            name: 'office',
            on_call: [{ id: 'carol', name: 'Carol' }],
            until: '2026-03-30T17:00:00.000Z',
          },
        ],
        escalation_policies: [
          {
            id: 'default',
            name: 'Default',
            first_step: {
              targets: [
                { target: 'schedule:primary', people: [{ id: 'alice', name: 'Alice' }] },
                { target: 'person:carol', people: [{ id: 'carol', name: 'Carol' }] },
                {
                  target: 'team:sre',
                  people: [
                    { id: 'alice', name: 'Alice' },
                    { id: 'bob', name: 'Bob' },
                  ],
                },
                { target: 'channel:hook', people: [] },
              ],
              people: [
                { id: 'alice', name: 'Alice' },
                { id: 'carol', name: 'Carol' },
                { id: 'bob', name: 'Bob' },
              ],
              channels: ['hook'],
            },
          },
        ],
      });
      await expect400(
        '/api/v1/oncall?at=noon',
        "at: expected an ISO 8601 time or epoch ms, got 'noon'",
      );
    });
  });

  describe('overrides', () => {
    it('creates (audited), shows in shifts and lists, removes (audited)', async () => {
      const start = Math.ceil(Date.now() / DAY) * DAY + DAY;
      const res = await call('POST', '/api/v1/schedules/primary/overrides', {
        person: 'carol',
        replaces: 'nora',
        start: new Date(start).toISOString(),
        end: start + DAY,
        reason: 'swap',
      });
      expect(res.statusCode, res.body).toBe(201);
      const created = res.json();
      expect(created).toMatchObject({
        schedule: 'primary',
        person: { id: 'carol', name: 'Carol' },
        replaces: { id: 'nora', name: 'Nora' },
        start: new Date(start).toISOString(),
        end: new Date(start + DAY).toISOString(),
        reason: 'swap',
        created_by: 'test-responder',
        deleted_at: null,
      });
      const shifts = await call(
        'GET',
        `/api/v1/schedules/primary/shifts?from=${start}&to=${start + DAY}`,
        undefined,
        'viewer',
      );
      const mine = (shifts.json().shifts as ShiftJson[]).filter((s) => s.source === 'override');
      expect(mine.length).toBeGreaterThan(0);
      expect(mine.every((s) => s.person === 'carol' && s.override_id === created.id)).toBe(true);
      expect((shifts.json().shifts as ShiftJson[]).some((s) => s.person === 'nora')).toBe(false);

      const list = await call('GET', '/api/v1/schedules/primary/overrides', undefined, 'viewer');
      expect(list.json().items.map((o: { id: string }) => o.id)).toEqual([created.id]);

      const removed = await call('DELETE', `/api/v1/schedules/primary/overrides/${created.id}`);
      expect(removed.statusCode, removed.body).toBe(200);
      expect(removed.json().deleted_at).not.toBeNull();
      const again = await call('DELETE', `/api/v1/schedules/primary/overrides/${created.id}`);
      expect(again.statusCode).toBe(409);
      const after = await call('GET', '/api/v1/schedules/primary/overrides', undefined, 'viewer');
      expect(after.json().items).toEqual([]);
      const audit = await ctx
        .store()
        .db.selectFrom('audit_log')
        .select(['action', 'actor'])
        .where('target', '=', created.id)
        .orderBy('id')
        .execute();
      expect(audit.map((a) => a.action)).toEqual(['override.create', 'override.delete']);
      expect(audit[0]!.actor).toMatch(/^token:/);
    });

    it('answers 400 naming the field, 404 for an unknown schedule', async () => {
      const start = Date.now() + DAY;
      const post = (body: Record<string, unknown>) =>
        expect400('/api/v1/schedules/primary/overrides', String(body.expect), 'POST', {
          person: 'carol',
          start,
          end: start + DAY,
          ...body,
          expect: undefined,
        });
      await post({ person: undefined, expect: 'body.person' });
      await post({ person: 'zed', expect: "person: unknown person 'zed'" });
      await post({ replaces: 'zed', expect: "replaces: unknown person 'zed'" });
      await post({
        start: 'soon',
        expect: "start: expected an ISO 8601 time or epoch ms, got 'soon'",
      });
      await post({ end: start - 1, expect: 'end: must be after start' });
      const missing = await call('POST', '/api/v1/schedules/nope/overrides', {
        person: 'carol',
        start,
        end: start + DAY,
      });
      expect(missing.statusCode).toBe(404);
    });
  });

  describe('iCal', () => {
    const parse = (text: string) =>
      new ICAL.Component(ICAL.parse(text))
        .getAllSubcomponents('vevent')
        .map((c) => new ICAL.Event(c));

    it('serves a schedule calendar whose events match the shifts', async () => {
      const res = await call('GET', '/api/v1/schedules/primary/ical', undefined, 'viewer');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
      const events = parse(res.body);
      expect(events.length).toBeGreaterThan(300);
      const names: Record<string, string> = { alice: 'Alice', bob: 'Bob', nora: 'Nora' };
      for (const e of events) {
        const start = e.startDate.toJSDate().getTime();
        const end = e.endDate.toJSDate().getTime();
        const mid = start + Math.floor((end - start) / 2);
        expect(e.summary).toBe(names[t.oncall.onCallAt('primary', mid)[0]!]);
      }
      // Consecutive events touch: the calendar has no holes for a schedule without gaps.
      for (let i = 1; i < events.length; i++)
        expect(events[i]!.startDate.toJSDate().getTime()).toBe(
          events[i - 1]!.endDate.toJSDate().getTime(),
        );
    });

    it('serves subscription URLs without a token, and refuses a wrong or missing key', async () => {
      const summary = await call('GET', '/api/v1/schedules/office', undefined, 'viewer');
      const url = new URL(summary.json().ical_url as string);
      const res = await t.app.inject({ method: 'GET', url: url.pathname + url.search });
      expect(res.statusCode, res.body).toBe(200);
      expect(parse(res.body).every((e) => e.summary === 'Carol')).toBe(true);
      const key = url.searchParams.get('key')!;
      for (const bad of [
        `/ical/schedules/office.ics?key=${key.slice(1)}0`,
        '/ical/schedules/office.ics',
        `/ical/schedules/primary.ics?key=${key}`,
        `/ical/people/carol.ics?key=${key}`,
      ]) {
        const refused = await t.app.inject({ method: 'GET', url: bad });
        expect(refused.statusCode, bad).toBe(403);
        expect(refused.json().error.message).toMatch(/^key: not the calendar key of /);
      }
      const secret = await loadSigningKey(ctx.store().db);
      const gone = await t.app.inject({
        method: 'GET',
        url: `/ical/schedules/gone.ics?key=${icalKey(secret, 'schedule', 'gone')}`,
      });
      expect(gone.statusCode).toBe(404);
    });

    it('serves a person’s calendar across schedules, with and without a token', async () => {
      const res = await call('GET', '/api/v1/people/alice/ical', undefined, 'viewer');
      expect(res.statusCode, res.body).toBe(200);
      const events = parse(res.body);
      expect(events.length).toBeGreaterThan(50);
      expect(new Set(events.map((e) => e.summary))).toEqual(new Set(['On call: SRE primary']));
      const secret = await loadSigningKey(ctx.store().db);
      const pub = await t.app.inject({
        method: 'GET',
        url: `/ical/people/alice.ics?key=${icalKey(secret, 'person', 'alice')}`,
      });
      expect(pub.statusCode).toBe(200);
      expect(parse(pub.body).map((e) => e.uid)).toEqual(events.map((e) => e.uid));
      expect((await call('GET', '/api/v1/people/zed/ical', undefined, 'viewer')).statusCode).toBe(
        404,
      );
    });
  });
});
