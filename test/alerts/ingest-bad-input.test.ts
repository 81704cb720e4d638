/**
 * Inputs the generic generators of ingest-fuzz.test.ts do not cover: alerts starting after
 * now + resolve timeout with no end, and bodies too big or too deep. Each gets a 4xx.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePostableAlerts } from '../../src/alerts/ingest/index.js';
import { futureOpenItem } from './ingest-arbitraries.js';
import { KEYS, NOW, RESOLVE_TIMEOUT, useIngestApp } from './ingest-harness.js';

const h = useIngestApp();

const URLS = [
  '/v2/enqueue',
  `/api/v1/integrations/alertmanager/${KEYS.am}`,
  `/api/v1/integrations/webhook/${KEYS.hook}`,
];

describe('ingest bad input', () => {
  // With no endsAt the end is now + resolve timeout; a start after that is refused, as
  // Alertmanager's Validate refuses it.
  it('parsePostableAlerts refuses a start after now + resolve timeout without endsAt', () => {
    fc.assert(
      fc.property(futureOpenItem, (item) => {
        const parsed = parsePostableAlerts([item], { now: NOW, resolveTimeoutMs: RESOLVE_TIMEOUT });
        expect(parsed.errors).toHaveLength(1);
      }),
      { numRuns: 20 },
    );
  });

  it('Alertmanager webhook refuses a firing alert starting after now + resolve timeout', async () => {
    await fc.assert(
      fc.asyncProperty(futureOpenItem, async (item) => {
        const res = await h.app.inject({
          method: 'POST',
          url: URLS[1]!,
          payload: { version: '4', alerts: [{ ...item, status: 'firing' }] },
        });
        expect(res.statusCode).toBe(400);
        expect(res.json().error.details.errors).toEqual([
          'alerts[0].startsAt: later than now + resolve_timeout, with no endsAt',
        ]);
      }),
      { numRuns: 20 },
    );
  });

  it('survives deep nesting, giant batches and huge strings with a 4xx', async () => {
    const deep = '['.repeat(20_000) + ']'.repeat(20_000);
    const tooMany = { version: '4', alerts: Array.from({ length: 10_001 }, () => ({})) };
    const cases: Array<[string, string]> = [
      [URLS[1]!, `{"version":"4","alerts":[{"labels":{"a":"b"},"annotations":${deep}}]}`],
      [URLS[0]!, `{"routing_key":"${KEYS.pd}","event_action":"trigger","payload":${deep}}`],
      [URLS[2]!, deep],
      [URLS[1]!, JSON.stringify(tooMany)],
      [URLS[1]!, JSON.stringify({ alerts: [{ labels: { a: 'x'.repeat(3_000_000) } }] })],
    ];
    for (const [url, payload] of cases) {
      const res = await h.app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json' },
        payload,
      });
      expect(res.statusCode, `${url}: ${res.body.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, url).toBeLessThan(500);
    }
    expect(h.sink.calls).toEqual([]);
  });
});
