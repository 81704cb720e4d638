/**
 * fast-check generators for the ingest fuzz test. Each "built valid" or "built invalid" item
 * is so by construction, which is the oracle the test checks the endpoints against.
 */
import fc from 'fast-check';
import { KEYS, NOW, RESOLVE_TIMEOUT } from './ingest-harness.js';

/** Any Unicode text, astral planes and lone surrogates' neighbours included. */
export const unicode = fc.string({ unit: 'grapheme', maxLength: 40 });
const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 });
const labelName = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,15}$/).filter((n) => n !== 'i');
const badLabelName = fc.oneof(
  fc.constantFrom('', '0abc', 'a-b', 'a b', 'é', '__proto__x-', 'a.b'),
  fc.stringMatching(/^[0-9-][^\n]{0,10}$/),
);
const date = fc
  .date({
    min: new Date('1970-01-01T00:00:00Z'),
    max: new Date('9999-12-31T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((d) => d.getTime());
const iso = (ms: number) => new Date(ms).toISOString();
const badTime = fc.constantFrom<unknown>(
  'yesterday',
  'now',
  '2026-13-45T00:00:00Z',
  '2026-11-22 08:00:00',
  '12:00',
  1234,
  true,
  {},
  [],
);
const labels = fc.dictionary(labelName, text, { minKeys: 1, maxKeys: 5 });
/** Alertmanager validates annotation names as label names too. */
const annotations = fc.dictionary(labelName, unicode, { maxKeys: 4 });

/** The latest start an alert without `endsAt` may have: the harness' now + resolve timeout. */
const LATEST_OPEN_START = NOW + RESOLVE_TIMEOUT;

/** A postable / webhook alert that must be accepted. */
export const goodItem = fc
  .record({
    labels,
    annotations: fc.option(annotations, { nil: undefined }),
    times: fc.tuple(date, date).map(([a, b]) => (a <= b ? [a, b] : [b, a])),
    shape: fc.constantFrom('both', 'startOnly', 'endOnly', 'zeroEnd', 'none'),
    status: fc.constantFrom(undefined, 'firing', 'resolved'),
    generatorURL: fc.option(fc.webUrl(), { nil: undefined }),
  })
  .map(({ labels, annotations, times: [s, e], shape, status, generatorURL }) => {
    // Without endsAt the end is now + resolve timeout, which a start must not be after.
    const open = shape === 'startOnly' || shape === 'zeroEnd';
    const start = open ? Math.min(s!, LATEST_OPEN_START) : s!;
    const item: Record<string, unknown> = { labels };
    if (annotations !== undefined) item.annotations = annotations;
    if (shape === 'both' || shape === 'startOnly' || shape === 'zeroEnd')
      item.startsAt = iso(start);
    if (shape === 'both' || shape === 'endOnly') item.endsAt = iso(e!);
    if (shape === 'zeroEnd') item.endsAt = '0001-01-01T00:00:00Z';
    if (status !== undefined) item.status = status;
    if (generatorURL !== undefined) item.generatorURL = generatorURL;
    return item;
  });

/** An alert that must be refused, whatever else it carries. */
export const badItem = fc.oneof(
  fc.constantFrom<unknown>(null, 1, 'alert', [], true),
  labels.map((l) => ({ annotations: l })),
  fc.constantFrom<unknown>({ labels: {} }, { labels: [] }, { labels: 'a=b' }, { labels: null }),
  fc.tuple(labels, badLabelName).map(([l, n]) => ({ labels: { ...l, [n]: 'v' } })),
  fc
    .tuple(labels, labelName, fc.constantFrom<unknown>(1, null, {}, [], false))
    .map(([l, n, v]) => ({ labels: { ...l, [n]: v } })),
  labels.map((l) => ({ labels: { ...l, huge: 'x'.repeat(20_000) } })),
  labels.map((l) => ({ labels: l, annotations: { a: 'y'.repeat(20_000) } })),
  fc.tuple(labels, badLabelName).map(([l, n]) => ({ labels: l, annotations: { [n]: 'v' } })),
  fc.tuple(labels, badTime).map(([l, t]) => ({ labels: l, startsAt: t })),
  fc.tuple(labels, badTime).map(([l, t]) => ({ labels: l, endsAt: t })),
  fc
    .tuple(labels, date, fc.integer({ min: 1, max: 1e9 }))
    .map(([l, s, d]) => ({ labels: l, startsAt: iso(s + d), endsAt: iso(s) })),
  labels.map((l) => ({ labels: l, generatorURL: 42 })),
);

/** Invalid only in a webhook notification, where `status` means something. */
export const badWebhookItem = fc.oneof(
  badItem,
  fc
    .tuple(labels, fc.constantFrom<unknown>('pending', 'FIRING', 1, null))
    .map(([l, status]) => ({ labels: l, status })),
);

/** Starts after now + resolve timeout with no end: Alertmanager refuses these (see the test). */
export const futureOpenItem = fc
  .tuple(labels, fc.integer({ min: 1, max: 1e10 }), fc.boolean())
  .map(([l, d, zeroEnd]) => ({
    labels: l,
    startsAt: iso(LATEST_OPEN_START + d),
    ...(zeroEnd ? { endsAt: '0001-01-01T00:00:00Z' } : {}),
  }));

/** An item for the `list` webhook (`alertname: $.name`, `n: $.n`), with whether it maps. */
const scalar = fc.oneof(
  text.map((v) => ({ v: v as unknown, ok: true })),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => ({ v: v as unknown, ok: true })),
  fc.boolean().map((v) => ({ v: v as unknown, ok: true })),
  fc.constantFrom<unknown>('', null, {}, [1], { a: 'b' }).map((v) => ({ v, ok: false })),
  fc.constant({ v: 'z'.repeat(20_000) as unknown, ok: false }),
  fc.constant({ v: undefined as unknown, ok: false }),
);
export const webhookItem = fc.oneof(
  fc.record({ name: scalar, n: scalar }).map(({ name, n }) => {
    const item: Record<string, unknown> = {};
    if (name.v !== undefined) item.name = name.v;
    if (n.v !== undefined) item.n = n.v;
    return { item: item as unknown, valid: name.ok && n.ok };
  }),
  fc.constantFrom<unknown>(null, 3, 'x', []).map((item) => ({ item, valid: false })),
);

/** A PagerDuty event assembled from valid and invalid field choices, with whether it is valid. */
const field = <T>(ok: fc.Arbitrary<T>, bad: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { arbitrary: ok.map((v) => ({ v: v as unknown, ok: true })), weight: 4 },
    { arbitrary: bad.map((v) => ({ v, ok: false })), weight: 1 },
  );
const absent = fc.constant(undefined);
const payload = fc
  .record({
    summary: field(
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }).filter((s) => s.trim() !== ''),
      fc.constantFrom<unknown>(undefined, '', '  ', 7, 's'.repeat(1025)),
    ),
    source: field(
      text.filter((s) => s.trim() !== ''),
      fc.constantFrom<unknown>(undefined, '', 3, {}),
    ),
    severity: field(
      fc.constantFrom('critical', 'error', 'warning', 'info'),
      fc.constantFrom<unknown>(undefined, 'CRITICAL', 'fatal', 1),
    ),
    timestamp: field(fc.oneof(absent, date.map(iso)), badTime),
    component: field(fc.oneof(absent, unicode), fc.constantFrom<unknown>(1, [], {})),
    custom_details: field(fc.jsonValue({ maxDepth: 4 }), fc.constant(undefined)).map((f) => ({
      ...f,
      ok: true,
    })),
  })
  .map((fields) => {
    const p: Record<string, unknown> = {};
    for (const [k, f] of Object.entries(fields)) if (f.v !== undefined) p[k] = f.v;
    return { v: p as unknown, ok: Object.values(fields).every((f) => f.ok) };
  });

export const pdEvent = fc
  .record({
    routing_key: field(
      fc.constant(KEYS.pd),
      fc.constantFrom<unknown>(undefined, '', KEYS.am, 'f'.repeat(32), 99),
    ),
    event_action: fc.constantFrom<unknown>(
      'trigger',
      'acknowledge',
      'resolve',
      'snooze',
      undefined,
      5,
    ),
    dedup_key: fc.constantFrom<unknown>(undefined, '', 'db-1/down', 'k'.repeat(256), 7),
    payload: fc.oneof(
      payload,
      fc.constantFrom({ v: undefined as unknown, ok: false }, { v: 'x' as unknown, ok: false }),
    ),
    links: field(
      fc.oneof(absent, fc.constant([{ href: 'https://x', text: 'x' }])),
      fc.constantFrom<unknown>('x', [{ text: 'no href' }], [1]),
    ),
  })
  .map(({ routing_key, event_action, dedup_key, payload, links }) => {
    const event: Record<string, unknown> = {};
    if (routing_key.v !== undefined) event.routing_key = routing_key.v;
    if (event_action !== undefined) event.event_action = event_action;
    if (dedup_key !== undefined) event.dedup_key = dedup_key;
    if (payload.v !== undefined) event.payload = payload.v;
    if (links.v !== undefined) event.links = links.v;
    const dedupOk =
      dedup_key === undefined || (typeof dedup_key === 'string' && dedup_key.length <= 255);
    const hasDedup = typeof dedup_key === 'string' && dedup_key.trim() !== '';
    const valid =
      routing_key.ok &&
      dedupOk &&
      (event_action === 'trigger'
        ? payload.ok && links.ok
        : (event_action === 'acknowledge' || event_action === 'resolve') && hasDedup);
    return { event, valid };
  });
