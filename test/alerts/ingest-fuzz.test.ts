/**
 * Generated payloads against the three integration endpoints and `parsePostableAlerts`: random
 * shapes, wrong types, huge strings, deep nesting, unicode, bad label names, endsAt before
 * startsAt, bad times, and batches mixing items built valid with items built invalid. The
 * invariants: never a 5xx and never a throw; every item built valid reaches the sink; the 400
 * lists exactly the items built invalid, by index.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePostableAlerts } from '../../src/alerts/ingest/index.js';
import { KEYS, NOW, RESOLVE_TIMEOUT, useIngestApp } from './ingest-harness.js';
import {
  badItem,
  badWebhookItem,
  goodItem,
  pdEvent,
  unicode,
  webhookItem,
} from './ingest-arbitraries.js';

const RUNS = 150;

const h = useIngestApp();

const URLS = [
  '/v2/enqueue',
  `/api/v1/integrations/alertmanager/${KEYS.am}`,
  `/api/v1/integrations/webhook/${KEYS.hook}`,
  `/api/v1/integrations/webhook/${KEYS.hookList}`,
];

function withIndex(item: { labels: object }, i: number): object {
  return { ...item, labels: { ...item.labels, i: String(i) } };
}

/** Items built valid carry their position as label `i`, so the sink's content can be checked. */
function mixedBatch(bad: fc.Arbitrary<unknown>) {
  return fc
    .array(
      fc.oneof(
        goodItem.map((a) => ({ ok: true, a })),
        bad.map((a) => ({ ok: false, a })),
      ),
      {
        maxLength: 12,
      },
    )
    .map((entries) =>
      entries.map(({ ok, a }, i) => ({
        ok,
        item: ok ? withIndex(a as { labels: object }, i) : a,
      })),
    );
}

describe('ingest fuzz', () => {
  it('parsePostableAlerts never throws and sorts every item into alerts or errors', () => {
    fc.assert(
      fc.property(mixedBatch(badItem), (entries) => {
        const body = entries.map((e) => e.item);
        const parsed = parsePostableAlerts(body, { now: NOW, resolveTimeoutMs: RESOLVE_TIMEOUT });
        const bad = entries.flatMap((e, i) => (e.ok ? [] : [i]));
        expect(parsed.errors.map((e) => Number(/^alerts\[(\d+)\]/.exec(e)?.[1]))).toEqual(bad);
        const good = entries.flatMap((e, i) => (e.ok ? [String(i)] : []));
        expect(parsed.alerts.map((a) => a.labels.i)).toEqual(good);
        for (const a of parsed.alerts) expect(a.endsAt).toBeGreaterThanOrEqual(a.startsAt);
      }),
      { numRuns: RUNS * 2 },
    );
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (body) => {
        const parsed = parsePostableAlerts(body, { now: NOW, resolveTimeoutMs: RESOLVE_TIMEOUT });
        if (Array.isArray(body))
          expect(parsed.alerts.length + parsed.errors.length).toBe(body.length);
        else
          expect(parsed).toEqual({ alerts: [], errors: ['alerts: expected an array of alerts'] });
      }),
      { numRuns: RUNS },
    );
  });

  it('Alertmanager webhook: valid alerts stored, each invalid one named, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(mixedBatch(badWebhookItem), async (entries) => {
        h.sink.calls = [];
        const res = await h.app.inject({
          method: 'POST',
          url: URLS[1]!,
          payload: { version: '4', status: 'firing', alerts: entries.map((e) => e.item) },
        });
        const bad = entries.flatMap((e, i) => (e.ok ? [] : [i]));
        expect(res.statusCode, res.body).toBe(bad.length > 0 ? 400 : 200);
        if (bad.length > 0) {
          const errors: string[] = res.json().error.details.errors;
          expect(errors.map((e) => Number(/^alerts\[(\d+)\]/.exec(e)?.[1]))).toEqual(bad);
        }
        const good = entries.flatMap((e, i) => (e.ok ? [String(i)] : []));
        expect(h.sink.submitted.map((a) => a.labels.i)).toEqual(good);
        expect(h.sink.calls.length).toBe(good.length > 0 ? 1 : 0);
      }),
      { numRuns: RUNS },
    );
  });

  it('PagerDuty: 202 exactly for valid events (reaching the sink), else 400 with errors', async () => {
    await fc.assert(
      fc.asyncProperty(pdEvent, async ({ event, valid }) => {
        h.sink.calls = [];
        const res = await h.app.inject({ method: 'POST', url: URLS[0]!, payload: event });
        expect(res.statusCode, res.body).toBe(valid ? 202 : 400);
        if (valid) {
          expect(res.json().status).toBe('success');
          expect(h.sink.calls).toHaveLength(1);
        } else {
          expect(res.json().errors.length).toBeGreaterThan(0);
          expect(h.sink.calls).toHaveLength(0);
        }
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('generic webhook: items map or are named by index, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(webhookItem, { maxLength: 10 }), async (items) => {
        h.sink.calls = [];
        const res = await h.app.inject({
          method: 'POST',
          url: URLS[3]!,
          payload: { items: items.map((x) => x.item) },
        });
        const bad = items.flatMap((x, i) => (x.valid ? [] : [i]));
        expect(res.statusCode, res.body).toBe(bad.length > 0 ? 400 : 200);
        if (bad.length > 0) {
          const errors: string[] = res.json().error.details.errors;
          expect(errors.map((e) => Number(/^alerts\[(\d+)\]/.exec(e)?.[1]))).toEqual(bad);
        }
        expect(h.sink.submitted.length).toBe(items.length - bad.length);
      }),
      { numRuns: RUNS },
    );
  });

  it('random JSON, unicode and malformed bodies on every endpoint: a 2xx or 4xx, always JSON', async () => {
    const body = fc.oneof(
      fc.jsonValue({ maxDepth: 8 }).map((v) => JSON.stringify(v)),
      fc
        .record({ routing_key: fc.constant(KEYS.pd), alerts: fc.jsonValue({ maxDepth: 4 }) })
        .map((v) => JSON.stringify(v)),
      unicode.map((s) => `{"version":"4","alerts":[{"labels":{"a":${JSON.stringify(s)}}}`),
      fc.string({ unit: 'binary', maxLength: 200 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...URLS), body, async (url, payload) => {
        const res = await h.app.inject({
          method: 'POST',
          url,
          headers: { 'content-type': 'application/json' },
          payload,
        });
        expect(res.statusCode, res.body).toBeLessThan(500);
        expect(() => JSON.parse(res.body)).not.toThrow();
      }),
      { numRuns: RUNS * 2 },
    );
  });
});
