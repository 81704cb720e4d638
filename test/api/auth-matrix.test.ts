/**
 * Every route × every role. The table below is the access policy; the test fails when a route
 * exists without an entry, so a new route cannot ship without deciding who may call it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { SAMPLE_CONFIG, startTestApp, type TestApp } from '../support/app.js';
import { incidentRow } from '../support/incidents.js';
import { ROLES, SYSTEM_ACTOR, type Access, type Role } from '../../src/auth/index.js';
import { loadSigningKey } from '../../src/lib/signing-key.js';
import { icalKey } from '../../src/oncall/index.js';
import { signToken } from '../../src/lib/signed-token.js';
import { consoleRoot } from '../../src/http/console.js';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const PING_UUID = '0d6f1b52-8c1e-4a8e-9a36-3c1f7e2b9d10';

/** An Alertmanager postable silence, as amtool sends it. */
const AM_SILENCE = {
  matchers: [{ name: 'job', value: 'api', isRegex: false, isEqual: true }],
  startsAt: '2020-01-01T00:00:00Z',
  endsAt: '2099-01-01T00:00:00Z',
  createdBy: 'matrix',
  comment: 'auth matrix',
};

/** Integration keys: the credential of the public ingest routes. */
const MATRIX_KEYS = {
  alertmanager: 'matrix-am-hook-key-0123456789',
  pagerduty: 'matrix-pd-key-0123456789abcdef0',
  webhook: 'matrix-webhook-key-0123456789',
};

/** A PagerDuty trigger, as any Events API v2 client sends it. */
const PD_EVENT = {
  routing_key: MATRIX_KEYS.pagerduty,
  event_action: 'trigger',
  payload: { summary: 'auth matrix', source: 'matrix', severity: 'info' },
};

/** An Alertmanager webhook notification (version 4) with one firing alert. */
const AM_NOTIFICATION = {
  version: '4',
  status: 'firing',
  alerts: [
    {
      status: 'firing',
      labels: { alertname: 'MatrixHook' },
      annotations: {},
      startsAt: '2026-11-22T07:00:00Z',
      endsAt: '0001-01-01T00:00:00Z',
    },
  ],
};

/** The sample config plus one check of each shape the routes need (a closed port: fast, down). */
const MATRIX_CONFIG = `${SAMPLE_CONFIG}
  checked:
    checks:
      port: { tcp: { host: 127.0.0.1, port: 1 }, every: 1h, timeout: 1s }
  backups:
    checks:
      nightly: { heartbeat: { uuid: ${PING_UUID}, period: 1d } }
integrations:
  matrix-am-hook: { type: alertmanager, key: ${MATRIX_KEYS.alertmanager} }
  matrix-pd: { type: pagerduty, key: ${MATRIX_KEYS.pagerduty} }
  matrix-webhook: { type: webhook, key: ${MATRIX_KEYS.webhook}, mapping: { labels: { alertname: $.name } } }
schedules:
  matrix-sched: { rotations: [{ members: [alice], every: 1w }] }
channels:
  matrix-hook: { type: webhook, url: "http://127.0.0.1:9/hook", retry: { attempts: 1 }, timeout: 1s }
escalation_policies:
  matrix-policy: { steps: [{ notify: [channel:matrix-hook] }] }
status_pages:
  matrix: { title: Matrix, components: [{ service: api }] }
`;

/** Two steps to the matrix channel, so "escalate" always has a next step. */
const MATRIX_POLICY = {
  id: 'matrix-policy',
  name: 'matrix',
  steps: [0, 60_000].map((atMs) => ({ atMs, targets: [{ kind: 'channel', id: 'matrix-hook' }] })),
  repeat: 0,
  roundMs: 120_000,
};

interface RouteCase {
  access: Access;
  /** Concrete URL to call (defaults to the pattern). */
  url?: string;
  /** Request body; a function when it needs the running app (a real token). */
  body?: unknown;
  /** Mutating routes must write an audit row on success. */
  audited?: boolean;
  /** A stream that stays open (server-sent events): only its status and head are read. */
  stream?: boolean;
}

const ROUTES: Record<string, RouteCase> = {
  'GET /healthz': { access: 'public' },
  'GET /readyz': { access: 'public' },
  'GET /metrics': { access: 'public' },
  'GET /api/v1/openapi.json': { access: 'public' },
  'GET /api/docs': { access: 'public' },
  'GET /api/docs/*': { access: 'public', url: '/api/docs/' },
  'POST /-/reload': { access: 'admin', audited: true },
  'POST /api/v1/session': {
    access: 'public',
    body: (t: TestApp) => ({ token: t.tokens.viewer }),
  },
  'GET /api/v1/session': { access: 'viewer' },
  'DELETE /api/v1/session': { access: 'public' },
  'PUT /api/v1/people/:id/password': {
    access: 'admin',
    url: '/api/v1/people/alice/password',
    body: { password: 'a long enough password' },
    audited: true,
  },
  'GET /': { access: 'public' },
  'GET /signin': { access: 'public' },
  'GET /checks': { access: 'public' },
  'GET /checks/*': { access: 'public', url: '/checks/api/health' },
  'GET /alerts': { access: 'public' },
  'GET /silences': { access: 'public' },
  'GET /incidents': { access: 'public' },
  'GET /incidents/*': { access: 'public', url: '/incidents/1' },
  'GET /oncall': { access: 'public' },
  'GET /assets/*': { access: 'public' },
  'GET /api/v1/overview': { access: 'viewer', url: '/api/v1/overview?limit=10&state=up' },
  'GET /api/v1/me': { access: 'viewer' },
  'GET /api/v1/tokens': { access: 'admin' },
  'POST /api/v1/tokens': {
    access: 'admin',
    body: { name: 'made-by-matrix', role: 'viewer' },
    audited: true,
  },
  'DELETE /api/v1/tokens/:id': { access: 'admin', audited: true },
  'GET /api/v1/audit': { access: 'admin' },
  'GET /api/v1/services': { access: 'viewer' },
  'GET /api/v1/services/:id': { access: 'viewer', url: '/api/v1/services/api' },
  'GET /api/v1/checks': { access: 'viewer' },
  'GET /api/v1/checks/:service/:check': { access: 'viewer', url: '/api/v1/checks/checked/port' },
  'GET /api/v1/checks/:service/:check/results': {
    access: 'viewer',
    url: '/api/v1/checks/checked/port/results',
  },
  'GET /api/v1/checks/:service/:check/uptime': {
    access: 'viewer',
    url: '/api/v1/checks/checked/port/uptime',
  },
  'GET /api/v1/checks/:service/:check/events': {
    access: 'viewer',
    url: '/api/v1/checks/checked/port/events',
  },
  'POST /api/v1/checks/:service/:check/run': {
    access: 'responder',
    url: '/api/v1/checks/checked/port/run',
  },
  'POST /api/v1/checks/:service/:check/pause': {
    access: 'responder',
    url: '/api/v1/checks/checked/port/pause',
    audited: true,
  },
  'POST /api/v1/checks/:service/:check/resume': {
    access: 'responder',
    url: '/api/v1/checks/checked/port/resume',
    audited: true,
  },
  'GET /api/v2/silences': { access: 'viewer', url: '/api/v2/silences?filter=job%3Dapi' },
  'POST /api/v2/silences': { access: 'responder', body: AM_SILENCE, audited: true },
  'GET /api/v2/silence/:id': { access: 'viewer' },
  'DELETE /api/v2/silence/:id': { access: 'responder', audited: true },
  'GET /api/v1/silences': { access: 'viewer', url: '/api/v1/silences?state=active' },
  'POST /api/v1/silences': {
    access: 'responder',
    body: { matchers: ['job="api"'], duration: '1h', comment: 'matrix' },
    audited: true,
  },
  'GET /api/v1/silences/:id': { access: 'viewer' },
  'POST /api/v1/silences/:id/expire': { access: 'responder', audited: true },
  'GET /api/v1/schedules': { access: 'viewer' },
  'GET /api/v1/schedules/:id': { access: 'viewer', url: '/api/v1/schedules/matrix-sched' },
  'GET /api/v1/schedules/:id/shifts': {
    access: 'viewer',
    url: '/api/v1/schedules/matrix-sched/shifts',
  },
  'GET /api/v1/oncall': { access: 'viewer' },
  'GET /api/v1/schedules/:id/overrides': {
    access: 'viewer',
    url: '/api/v1/schedules/matrix-sched/overrides',
  },
  'POST /api/v1/schedules/:id/overrides': {
    access: 'responder',
    url: '/api/v1/schedules/matrix-sched/overrides',
    body: { person: 'alice', start: '2099-01-01T00:00:00Z', end: '2099-01-02T00:00:00Z' },
    audited: true,
  },
  'DELETE /api/v1/schedules/:id/overrides/:overrideId': { access: 'responder', audited: true },
  'GET /api/v1/schedules/:id/ical': {
    access: 'viewer',
    url: '/api/v1/schedules/matrix-sched/ical',
  },
  'GET /api/v1/people/:id/ical': { access: 'viewer', url: '/api/v1/people/alice/ical' },
  'GET /ical/schedules/:id.ics': { access: 'public' },
  'GET /ical/people/:id.ics': { access: 'public' },
  'GET /ping/:uuid': { access: 'public', url: `/ping/${PING_UUID}` },
  'POST /ping/:uuid': { access: 'public', url: `/ping/${PING_UUID}` },
  'GET /ping/:uuid/:action': { access: 'public', url: `/ping/${PING_UUID}/start` },
  'POST /ping/:uuid/:action': { access: 'public', url: `/ping/${PING_UUID}/log` },
  'POST /api/v2/alerts': {
    access: 'responder',
    body: [{ labels: { alertname: 'MatrixAlert' } }],
  },
  'GET /api/v2/alerts': { access: 'viewer', url: '/api/v2/alerts?filter=alertname%3D"x"' },
  'GET /api/v2/status': { access: 'viewer' },
  'GET /api/v1/alerts': { access: 'viewer', url: '/api/v1/alerts?state=firing' },
  'GET /api/v1/alert-groups': { access: 'viewer' },
  'GET /api/v1/rules': { access: 'viewer' },
  'GET /api/v1/scrape-targets': { access: 'viewer' },
  'POST /v2/enqueue': { access: 'public', body: PD_EVENT },
  'POST /v2/enqueue/': { access: 'public', body: PD_EVENT },
  'POST /api/v1/integrations/alertmanager/:key': {
    access: 'public',
    url: `/api/v1/integrations/alertmanager/${MATRIX_KEYS.alertmanager}`,
    body: AM_NOTIFICATION,
  },
  'GET /api/v1/notifications': {
    access: 'viewer',
    url: '/api/v1/notifications?channel=matrix-hook&status=failed',
  },
  'GET /api/v1/notifications/:id': { access: 'viewer' },
  'GET /api/v1/channels': { access: 'viewer' },
  'POST /api/v1/channels/:id/test': {
    access: 'responder',
    url: '/api/v1/channels/matrix-hook/test',
    audited: true,
  },
  'GET /api/v1/incidents': { access: 'viewer', url: '/api/v1/incidents?status=open' },
  'GET /api/v1/incidents/:id': { access: 'viewer' },
  'POST /api/v1/incidents/:id/acknowledge': { access: 'responder', audited: true },
  'POST /api/v1/incidents/:id/resolve': { access: 'responder', audited: true },
  'POST /api/v1/incidents/:id/escalate': { access: 'responder', audited: true },
  'POST /api/v1/incidents/:id/reassign': {
    access: 'responder',
    body: { to: 'policy:matrix-policy' },
    audited: true,
  },
  'POST /api/v1/incidents/:id/snooze': { access: 'responder', body: { for: '10m' }, audited: true },
  'POST /api/v1/incidents': {
    access: 'responder',
    body: { title: 'matrix', severity: 'P2' },
    audited: true,
  },
  'PATCH /api/v1/incidents/:id': { access: 'responder', body: { summary: 'x' }, audited: true },
  'POST /api/v1/incidents/:id/status': {
    access: 'responder',
    body: { status: 'investigating' },
    audited: true,
  },
  'POST /api/v1/incidents/:id/close': { access: 'responder', audited: true },
  'POST /api/v1/incidents/:id/reopen': { access: 'responder', audited: true },
  'POST /api/v1/incidents/:id/severity': {
    access: 'responder',
    body: { severity: 'P0' },
    audited: true,
  },
  'POST /api/v1/incidents/:id/roles': {
    access: 'responder',
    body: { role: 'commander', person: 'alice' },
    audited: true,
  },
  'POST /api/v1/incidents/:id/notes': { access: 'responder', body: { body: 'hi' }, audited: true },
  'POST /api/v1/incidents/:id/events/:event/pin': { access: 'responder', audited: true },
  'POST /api/v1/incidents/:id/events/:event/unpin': { access: 'responder', audited: true },
  'POST /api/v1/incidents/:id/updates': {
    access: 'responder',
    body: { status: 'investigating', message: 'Looking into it' },
    audited: true,
  },
  'GET /api/v1/incidents/:id/updates': { access: 'viewer' },
  'GET /api/v1/incidents/:id/postmortem': { access: 'viewer' },
  'GET /api/v1/incidents/:id/postmortem.md': { access: 'viewer' },
  'PUT /api/v1/incidents/:id/postmortem': {
    access: 'responder',
    body: { body: '## Summary\n\nmatrix' },
    audited: true,
  },
  'POST /api/v1/incidents/:id/postmortem/publish': { access: 'responder', audited: true },
  'POST /api/v1/incidents/:id/postmortem/unpublish': { access: 'responder', audited: true },
  'POST /api/v1/incidents/:id/action-items': {
    access: 'responder',
    body: { title: 'matrix', due: '2099-01-01' },
    audited: true,
  },
  'GET /api/v1/action-items': { access: 'viewer', url: '/api/v1/action-items?status=open' },
  'PATCH /api/v1/action-items/:id': {
    access: 'responder',
    body: { status: 'done' },
    audited: true,
  },
  'GET /api/v1/reports/incidents': {
    access: 'viewer',
    url: '/api/v1/reports/incidents?from=2025-01-01T00:00:00Z&to=2025-02-01T00:00:00Z&tz=UTC',
  },
  'GET /api/v1/events': { access: 'viewer', stream: true },
  'GET /act/:token': { access: 'public' },
  'POST /act/:token': { access: 'public' },
  'GET /status/:slug': { access: 'public', url: '/status/matrix' },
  'GET /status/:slug/history': { access: 'public', url: '/status/matrix/history' },
  'GET /status/:slug/feed.atom': { access: 'public', url: '/status/matrix/feed.atom' },
  'GET /status/:slug/api/v2/summary.json': {
    access: 'public',
    url: '/status/matrix/api/v2/summary.json',
  },
  'GET /status/:slug/badge.svg': { access: 'public', url: '/status/matrix/badge.svg' },
  'GET /status/:slug/badge/:file': { access: 'public', url: '/status/matrix/badge/api.svg' },
  'POST /status/:slug/login': {
    access: 'public',
    url: '/status/matrix/login',
    body: { password: 'anything' },
  },
  'POST /api/v1/integrations/webhook/:key': {
    access: 'public',
    url: `/api/v1/integrations/webhook/${MATRIX_KEYS.webhook}`,
    body: { name: 'MatrixWebhook' },
  },
};

/** Written out, not derived from the code under test: viewer < responder < admin. */
const ALLOWED: Record<Role, Role[]> = {
  viewer: ['viewer', 'responder', 'admin'],
  responder: ['responder', 'admin'],
  admin: ['admin'],
};

describeEachDialect('route × role access matrix', (ctx) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(ctx.store(), MATRIX_CONFIG);
  });
  afterAll(() => t?.close());

  it('has an access entry for every registered route, and every entry is registered', () => {
    const registered = t.app.routeTable.map((r) => `${r.method} ${r.url}`);
    expect(registered.filter((key) => !(key in ROUTES))).toEqual([]);
    expect(Object.keys(ROUTES).filter((key) => !registered.includes(key))).toEqual([]);
    for (const r of t.app.routeTable) {
      expect(r.auth, `${r.method} ${r.url}`).toBe(ROUTES[`${r.method} ${r.url}`]!.access);
    }
  });

  it('serves the interactive docs without a token, with the live OpenAPI document', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('swagger-ui');
    const spec = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(spec.json().paths['/api/v1/services']).toBeDefined();
    const asset = await t.app.inject({
      method: 'GET',
      url: '/api/docs/static/swagger-ui-bundle.js',
    });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
  });

  for (const [key, route] of Object.entries(ROUTES)) {
    const [method, pattern] = key.split(' ') as [string, string];

    /** A fresh target for routes that consume one (revoking a token). */
    async function urlFor(): Promise<string> {
      if (pattern === '/api/v1/tokens/:id') {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/tokens',
          headers: t.auth('admin'),
          payload: { name: 'victim', role: 'viewer' },
        });
        return `/api/v1/tokens/${res.json().token.id}`;
      }
      if (pattern.includes('/silence')) {
        // A fresh silence per call: expiring consumes one.
        const silence = await t.silences.create(
          {
            matchers: [{ name: 'job', type: '=', value: 'api' }],
            endsAt: Date.now() + 3_600_000,
            createdBy: 'matrix',
            comment: 'matrix',
          },
          { actor: SYSTEM_ACTOR },
        );
        if (pattern.includes(':id')) return pattern.replace(':id', silence.id);
      }
      if (pattern === '/api/v1/notifications/:id') {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/channels/matrix-hook/test',
          headers: t.auth('admin'),
        });
        return `/api/v1/notifications/${res.json().id}`;
      }
      if (pattern === '/api/v1/schedules/:id/overrides/:overrideId') {
        // A fresh override per call: removing consumes one.
        const o = await t.oncall.overrides.create(
          {
            scheduleId: 'matrix-sched',
            person: 'alice',
            start: Date.now(),
            end: Date.now() + 3_600_000,
          },
          { actor: SYSTEM_ACTOR },
        );
        return `/api/v1/schedules/matrix-sched/overrides/${o.id}`;
      }
      if (pattern.startsWith('/api/v1/incidents/:id') || pattern === '/act/:token') {
        // A fresh incident per call: acknowledging or resolving consumes one.
        const now = Date.now();
        const status = pattern.endsWith('/snooze')
          ? 'acknowledged'
          : /\/(close|reopen)$/.test(pattern)
            ? 'resolved'
            : 'triggered';
        const row = await ctx
          .store()
          .db.insertInto('incidents')
          .values(
            incidentRow({
              key: `matrix-${Math.random()}`,
              title: 'matrix',
              severity: 'P1',
              status,
              policy_id: 'matrix-policy',
              policy: JSON.stringify(MATRIX_POLICY),
              opened_at: now,
            }),
          )
          .returning('id')
          .executeTakeFirstOrThrow();
        if (pattern === '/act/:token') {
          const key = await loadSigningKey(ctx.store().db);
          const e = Math.floor(now / 1000) + 600;
          return `/act/${signToken(key, { a: 'ack', s: Number(row.id), p: 'alice', e })}`;
        }
        if (pattern.includes(':event')) {
          const event = await ctx
            .store()
            .db.insertInto('incident_events')
            .values({
              incident_id: Number(row.id),
              at: now,
              kind: 'opened',
              actor: null,
              detail: null,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          return pattern.replace(':id', String(row.id)).replace(':event', String(event.id));
        }
        return pattern.replace(':id', String(row.id));
      }
      if (pattern.startsWith('/ical/')) {
        // Calendar subscriptions take no token: their key is the credential.
        const secret = await loadSigningKey(ctx.store().db);
        const [kind, id] = pattern.startsWith('/ical/people/')
          ? (['person', 'alice'] as const)
          : (['schedule', 'matrix-sched'] as const);
        return `${pattern.replace(':id', id)}?key=${icalKey(secret, kind, id)}`;
      }
      if (pattern === '/api/v1/action-items/:id') {
        // A fresh item per call, on a fresh incident.
        const by = { name: 'matrix' };
        const incident = await t.incidents.declare({ title: 'matrix', severity: 'P2' }, by);
        const item = await t.postmortems.addActionItem(incident.id, { title: 'matrix' }, by);
        return `/api/v1/action-items/${item.id}`;
      }
      if (pattern === '/assets/*') {
        // Vite names assets by content hash: take any file of the built console.
        return `/assets/${readdirSync(join(consoleRoot()!, 'assets'))[0]}`;
      }
      return route.url ?? pattern;
    }
    const call = async (headers: Record<string, string>) => {
      if (!route.stream)
        return t.app.inject({
          method: method as 'GET',
          url: await urlFor(),
          headers,
          ...(route.body
            ? { payload: typeof route.body === 'function' ? route.body(t) : route.body }
            : {}),
        });
      // Resolves once the head is written; an open stream is aborted, an error read whole.
      const abort = new AbortController();
      const res = await t.app.inject({
        method: method as 'GET',
        url: await urlFor(),
        headers,
        payloadAsStream: true,
        signal: abort.signal,
      });
      let body = '';
      if (res.statusCode === 200) abort.abort();
      else for await (const chunk of res.stream()) body += String(chunk);
      return {
        statusCode: res.statusCode,
        headers: res.headers,
        body,
        json: () => JSON.parse(body),
      };
    };

    if (route.access === 'public') {
      it(`${key} is public`, async () => {
        const res = await call({});
        expect(res.statusCode, res.body).toBeGreaterThanOrEqual(200);
        expect(res.statusCode, res.body).toBeLessThan(400);
      });
      continue;
    }

    it(`${key} refuses a missing, malformed, unknown or weak token`, async () => {
      const attempts: Record<string, string>[] = [
        {},
        { authorization: 'Basic Zm9vOmJhcg==' },
        { authorization: 'Bearer odk_not-a-real-token' },
      ];
      for (const headers of attempts) {
        const res = await call(headers);
        expect(res.statusCode, JSON.stringify(headers)).toBe(401);
        expect(res.json().error.code).toBe('unauthorized');
        expect(res.json().error.requestId).toBe(res.headers['x-request-id']);
      }
      for (const role of ROLES.filter((r) => !ALLOWED[route.access as Role].includes(r))) {
        const res = await call(t.auth(role));
        expect(res.statusCode, role).toBe(403);
        expect(res.json().error.code).toBe('forbidden');
      }
    });

    it(`${key} accepts ${route.access} and stronger${route.audited ? ', writing an audit row' : ''}`, async () => {
      for (const role of ALLOWED[route.access as Role]) {
        const requestId = `matrix-${role}-${Math.random().toString(36).slice(2, 10)}`;
        const res = await call({ ...t.auth(role), 'x-request-id': requestId });
        expect(res.statusCode, `${role}: ${res.body}`).toBeGreaterThanOrEqual(200);
        expect(res.statusCode, `${role}: ${res.body}`).toBeLessThan(300);
        if (route.audited) {
          const rows = await ctx
            .store()
            .db.selectFrom('audit_log')
            .selectAll()
            .where('request_id', '=', requestId)
            .execute();
          expect(rows.length, `audit rows for ${key}`).toBeGreaterThan(0);
          expect(rows[0]!.actor).toMatch(/^token:tok_/);
        }
      }
    });
  }
});
