/**
 * Status pages end to end over app.inject, on both databases: rendering, status words,
 * groups, incidents with public updates, maintenance, history, Atom, summary.json, badges,
 * caching, passwords and bad requests.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { setProgress } from '../../src/checks/history/progress.js';
import { child, childrenNamed, parseXml } from './xml.js';

const DAY = 86_400_000;
const hb = (uuid: string) => `{ heartbeat: { uuid: ${uuid}, period: 1d } }`;

const CONFIG = `
services:
  api:
    name: Public API
    description: The <b>API</b>
    checks:
      health: ${hb('11111111-1111-4111-8111-111111111111')}
      port: ${hb('22222222-2222-4222-8222-222222222222')}
  db:
    checks:
      ping: ${hb('33333333-3333-4333-8333-333333333333')}
  web:
    checks:
      home: ${hb('44444444-4444-4444-8444-444444444444')}
maintenance_windows:
  db-upgrade:
    description: Database upgrade
    services: [db]
    starts: 2020-01-01T00:00:00Z
    ends: 2099-01-01T00:00:00Z
status_pages:
  acme:
    title: Acme <status>
    description: Everything we run & more
    colours: { accent: "#0b3d91" }
    components:
      - service: api
      - group: Backend
        components:
          - { service: db }
          - { check: web/home, name: Home page }
  private:
    title: Private
    password: correct-horse-battery
    components: [{ service: web }]
`;

describeEachDialect('status pages', (ctx) => {
  let t: TestApp;
  const state = (key: string, s: 'up' | 'down' | 'degraded') => {
    t.engine.get(key).state = s;
    t.engine.get(key).stateSince = Date.now();
    t.feed.publish('incident.updated', {}); // as a real transition would, marks pages dirty
  };
  const get = (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers });
  /** Waits out the 1 s floor between rebuilds, so the next request sees the latest change. */
  const fresh = async () => {
    await new Promise((r) => setTimeout(r, 1_050));
  };

  beforeAll(async () => {
    t = await startTestApp(ctx.store(), CONFIG);
    const { db } = ctx.store();
    const ids = new Map(
      (await db.selectFrom('checks').select(['id', 'key']).execute()).map((r) => [r.key, r.id]),
    );
    const today = Date.now() - (Date.now() % DAY);
    const row = (key: string, bucket: number, up: number, down: number) => ({
      check_id: ids.get(key)!,
      bucket,
      up,
      degraded: 0,
      down,
      lat_min_us: null,
      lat_max_us: null,
      lat_sum_us: up * 1000,
      lat_p95_us: null,
    });
    await db
      .insertInto('check_rollup_day')
      .values([row('api/health', today - 2 * DAY, 990, 10), row('web/home', today - DAY, 1000, 0)])
      .execute();
    await setProgress(db, 'day', today);
    await setProgress(db, 'hour', today);
    await setProgress(db, 'minute', today);
    for (const key of ['api/health', 'api/port', 'db/ping', 'web/home']) state(key, 'up');
  });
  afterAll(() => t?.close());

  it('renders an accessible page that needs no JavaScript, escaping config text', async () => {
    const res = await get('/status/acme');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = res.body;
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('<meta name="viewport"');
    expect(html).toContain('<title>Acme &lt;status&gt;</title>');
    expect(html).toContain('The &lt;b&gt;API&lt;/b&gt;');
    expect(html).toContain('Everything we run &amp; more');
    for (const landmark of ['<header', '<nav', '<main', '<footer'])
      expect(html).toContain(landmark);
    const headings = [...html.matchAll(/<h([1-6])/g)].map((m) => Number(m[1]));
    expect(headings[0]).toBe(1);
    for (let i = 1; i < headings.length; i++)
      expect(headings[i]! - headings[i - 1]!).toBeLessThanOrEqual(1);
    // 90 bars per component; the day 2 days ago of api: 990 of 1000 runs up.
    const twoDaysAgo = new Date(Date.now() - 2 * DAY).toISOString().slice(0, 10);
    expect(html).toContain(
      `<a href="?day=${twoDaysAgo}#day" title="${twoDaysAgo}: 99.00% uptime, about 14 minutes down">`,
    );
    // api and web/home have rollups; db has none yet.
    expect((html.match(/class="bars"/g) ?? []).length).toBe(2);
    expect(html).toContain('No uptime data yet.');
    expect(html).toContain('<h3>Backend</h3>');
    expect(html).toContain('<h4>Home page</h4>');
  });

  it('says operational, maintenance, degraded and outages in Statuspage words', async () => {
    let json = (await get('/status/acme/api/v2/summary.json')).json();
    // db is in its maintenance window: under maintenance, the page says so.
    expect(json.components.find((c: { id: string }) => c.id === 'db').status).toBe(
      'under_maintenance',
    );
    expect(json.status).toEqual({
      indicator: 'maintenance',
      description: 'Service Under Maintenance',
    });
    state('api/port', 'down');
    await fresh();
    json = (await get('/status/acme/api/v2/summary.json')).json();
    expect(json.components.find((c: { id: string }) => c.id === 'api').status).toBe(
      'partial_outage',
    );
    expect(json.status).toEqual({ indicator: 'major', description: 'Partial System Outage' });
    state('api/health', 'down');
    await fresh();
    const html = (await get('/status/acme')).body;
    expect(html).toContain('Major Service Outage');
    expect(html).toContain('Overall: Major outage.');
    state('api/health', 'up');
    state('api/port', 'degraded');
  });

  it('serves summary.json in Statuspage shape, groups included', async () => {
    await fresh();
    const json = (await get('/status/acme/api/v2/summary.json')).json();
    expect(Object.keys(json)).toEqual([
      'page',
      'components',
      'incidents',
      'scheduled_maintenances',
      'status',
    ]);
    expect(json.page).toMatchObject({ id: 'acme', name: 'Acme <status>', time_zone: 'UTC' });
    expect(json.page.url).toMatch(/\/status\/acme$/);
    const api = json.components.find((c: { id: string }) => c.id === 'api');
    expect(api).toMatchObject({
      name: 'Public API',
      status: 'degraded_performance',
      group_id: null,
      group: false,
      page_id: 'acme',
      showcase: true,
      only_show_if_degraded: false,
    });
    for (const key of ['created_at', 'updated_at', 'position', 'description'])
      expect(api).toHaveProperty(key);
    const group = json.components.find((c: { id: string }) => c.id === 'backend');
    expect(group).toMatchObject({ group: true, components: ['db', 'web-home'] });
    expect(json.components.find((c: { id: string }) => c.id === 'web-home').group_id).toBe(
      'backend',
    );
    expect(json.scheduled_maintenances).toEqual([
      expect.objectContaining({
        id: 'db-upgrade',
        name: 'Database upgrade',
        status: 'in_progress',
        impact: 'maintenance',
        scheduled_for: '2020-01-01T00:00:00.000Z',
        scheduled_until: '2099-01-01T00:00:00.000Z',
      }),
    ]);
  });

  it('shows active incidents with their public updates, then in history and the feed', async () => {
    const internal = await t.incidents.declare(
      { title: 'Internal only', severity: 'P3', services: ['api'], escalation: null },
      { name: 'test' },
    );
    const incident = await t.incidents.declare(
      { title: 'Slow <API>', severity: 'P1', services: ['api'], escalation: null },
      { name: 'test' },
    );
    const post = (status: string, message: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/incidents/${incident.id}/updates`,
        headers: t.auth('responder'),
        payload: { status, message },
      });
    expect((await post('investigating', 'We are **looking** <script>x</script>')).statusCode).toBe(
      201,
    );
    await fresh();
    const html = (await get('/status/acme')).body;
    expect(html).toContain('Active incidents');
    expect(html).toContain('Slow &lt;API&gt;');
    expect(html).toContain('<strong>looking</strong>');
    expect(html).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(html).not.toContain('Internal only');
    const json = (await get('/status/acme/api/v2/summary.json')).json();
    expect(json.incidents).toHaveLength(1);
    expect(json.incidents[0]).toMatchObject({
      id: String(incident.id),
      name: 'Slow <API>',
      status: 'investigating',
      impact: 'major',
      page_id: 'acme',
    });
    expect(json.incidents[0].incident_updates[0]).toMatchObject({
      status: 'investigating',
      body: 'We are **looking** <script>x</script>',
    });
    expect(json.incidents[0].components.map((c: { id: string }) => c.id)).toEqual(['api']);
    expect(json.status.indicator).toBe('major');
    expect((await post('resolved', 'Fixed.')).statusCode).toBe(201);
    await fresh();
    const history = (await get('/status/acme/history')).body;
    expect(history).toContain('Slow &lt;API&gt;');
    expect(history).toContain('Fixed.');
    expect(history).not.toContain(internal.title);
    const atom = await get('/status/acme/feed.atom');
    expect(atom.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    const feed = parseXml(atom.body);
    expect(feed.name).toBe('feed');
    expect(feed.attrs.xmlns).toBe('http://www.w3.org/2005/Atom');
    expect(child(feed, 'title')!.text).toBe('Acme <status> incidents');
    for (const required of ['id', 'updated', 'author']) expect(child(feed, required)).toBeDefined();
    const entry = childrenNamed(feed, 'entry')[0]!;
    expect(child(entry, 'title')!.text).toBe('Slow <API>');
    expect(child(entry, 'id')!.text).toMatch(new RegExp(`incident/${incident.id}$`));
    expect(child(entry, 'content')!.attrs.type).toBe('html');
    expect(child(entry, 'content')!.text).toContain('<p>Fixed.</p>');
    expect(Date.parse(child(entry, 'updated')!.text)).toBeGreaterThan(0);
    expect((await get('/status/acme/api/v2/summary.json')).json().incidents).toEqual([]);
  });

  it('draws SVG badges with the status word and colour; style values are checked', async () => {
    const page = await get('/status/acme/badge.svg');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('image/svg+xml');
    expect(parseXml(page.body).name).toBe('svg');
    const api = await get('/status/acme/badge/api.svg?style=flat-square');
    expect(api.body).toContain('degraded performance');
    expect(api.body).toContain('#9a6700');
    const bad = await get('/status/acme/badge/api.svg?style=fancy');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/^style: expected one of flat, flat-square/);
    expect((await get('/status/acme/badge/nope.svg')).statusCode).toBe(404);
    expect((await get('/status/acme/badge/api.png')).statusCode).toBe(404);
  });

  it('answers from memory with ETag and Last-Modified, and 304s', async () => {
    const first = await get('/status/acme');
    const etag = first.headers.etag as string;
    const modified = first.headers['last-modified'] as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(Date.parse(modified)).toBeGreaterThan(0);
    expect((await get('/status/acme', { 'if-none-match': etag })).statusCode).toBe(304);
    expect((await get('/status/acme', { 'if-none-match': `W/${etag}` })).statusCode).toBe(304);
    expect((await get('/status/acme', { 'if-modified-since': modified })).statusCode).toBe(304);
    expect((await get('/status/acme', { 'if-none-match': '"other"' })).statusCode).toBe(200);
    // A change makes new bytes and a new ETag.
    state('api/port', 'up');
    await fresh();
    const after = await get('/status/acme', { 'if-none-match': etag });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(etag);
  });

  it('shows one day in detail, and refuses bad days with a 400 naming the parameter', async () => {
    const twoDaysAgo = new Date(Date.now() - 2 * DAY).toISOString().slice(0, 10);
    const res = await get(`/status/acme?day=${twoDaysAgo}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`<h2 id="day">${twoDaysAgo} (UTC)</h2>`);
    expect(res.body).toMatch(/<th scope="row">Public API<\/th><td>99\.00%<\/td><td>14 min<\/td>/);
    for (const day of ['yesterday', '2999-01-01', '1999-01-01', '2025-13-45']) {
      const bad = await get(`/status/acme?day=${day}`);
      expect(bad.statusCode, day).toBe(400);
      expect(bad.json().error.message).toMatch(/^day: expected a UTC date/);
    }
    expect((await get('/status/acme?day=a&day=b')).statusCode).toBe(400);
  });

  it('answers 404 pages for unknown slugs', async () => {
    const res = await get('/status/nope%3Cx%3E');
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('Status page not found');
    expect(res.body).toContain('nope&lt;x&gt;');
    expect((await get('/status/nope/api/v2/summary.json')).json().error.code).toBe('not_found');
  });

  it('protects a page with a password form and a signed cookie', async () => {
    const locked = await get('/status/private');
    expect(locked.statusCode).toBe(401);
    expect(locked.body).toContain('<form method="post" action="/status/private/login">');
    for (const url of ['api/v2/summary.json', 'feed.atom', 'badge.svg', 'badge/web.svg', 'history'])
      expect((await get(`/status/private/${url}`)).statusCode, url).toBe(401);
    const login = (password: string, next = '/status/private/history') =>
      t.app.inject({
        method: 'POST',
        url: '/status/private/login',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ password, next }).toString(),
      });
    const wrong = await login('guess');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('That password is not right');
    expect(wrong.headers['set-cookie']).toBeUndefined();
    const right = await login('correct-horse-battery');
    expect(right.statusCode).toBe(303);
    expect(right.headers.location).toBe('/status/private/history');
    const cookie = String(right.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\/status\/private/);
    const jar = { cookie: cookie.split(';')[0]! };
    expect((await get('/status/private', jar)).statusCode).toBe(200);
    expect((await get('/status/private/api/v2/summary.json', jar)).statusCode).toBe(200);
    expect((await get('/status/private/badge.svg', jar)).statusCode).toBe(200);
    const forged = { cookie: jar.cookie.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')) };
    expect((await get('/status/private', forged)).statusCode).toBe(401);
    // An open redirect is refused: `next` stays on the page.
    expect((await login('correct-horse-battery', 'https://evil.example/')).headers.location).toBe(
      '/status/private',
    );
    expect((await get('/status/acme', jar)).statusCode).toBe(200);
  });

  it('stops password guessing from one address after 10 wrong ones', async () => {
    const login = (password: string, remoteAddress: string) =>
      t.app.inject({
        method: 'POST',
        url: '/status/private/login',
        remoteAddress,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ password }).toString(),
      });
    for (let i = 0; i < 10; i++)
      expect((await login(`guess ${i}`, '10.1.2.3')).statusCode).toBe(401);
    const limited = await login('correct-horse-battery', '10.1.2.3');
    expect(limited.statusCode).toBe(429);
    expect(limited.body).toContain('Too many wrong passwords from here');
    expect(limited.headers['set-cookie']).toBeUndefined();
    expect((await login('correct-horse-battery', '10.1.2.4')).statusCode).toBe(303);
  });
});
