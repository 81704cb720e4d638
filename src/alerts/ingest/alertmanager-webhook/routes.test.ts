import { FOREVER } from '../../model/alert.js';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KEYS, NOW, useIngestApp } from '../../../../test/alerts/ingest-harness.js';
import { fingerprint } from '../../model/fingerprint.js';

interface Fixture {
  alerts: Array<{ labels: Record<string, string>; fingerprint: string; startsAt: string }>;
}

const fixture = (name: string): Fixture =>
  JSON.parse(
    readFileSync(
      new URL(`../../../../test/fixtures/alertmanager/${name}.json`, import.meta.url),
      'utf8',
    ),
  ) as Fixture;

const h = useIngestApp();

const post = (key: string, payload: unknown) =>
  h.app.inject({
    method: 'POST',
    url: `/api/v1/integrations/alertmanager/${key}`,
    payload: payload as object,
  });

describe('POST /api/v1/integrations/alertmanager/:key', () => {
  it('stores a real firing notification until its resolution; fingerprints match Alertmanager', async () => {
    const body = fixture('webhook-from-prometheus');
    const res = await post(KEYS.amPlain, body);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ status: 'success' });
    const [call] = h.sink.calls;
    expect(call?.kind === 'submit' && call.source).toBe('integration:plain');
    const [alert] = h.sink.submitted;
    expect(alert!.labels).toEqual(body.alerts[0]!.labels);
    expect(fingerprint(alert!.labels)).toBe(body.alerts[0]!.fingerprint);
    expect(alert!.annotations).toEqual({ summary: 'node_exporter 127.0.0.1:19100 is down' });
    expect(alert!.startsAt).toBe(Date.parse('2026-11-22T07:09:54.259Z'));
    // 0001-01-01 means "no end": firing until Alertmanager sends the resolution.
    expect(alert!.endsAt).toBe(FOREVER);
    expect(alert!.timeout).toBe(false);
    expect(alert!.generatorURL).toMatch(/^http:\/\/vm:19090\/graph\?g0\.expr=/);
  });

  it('ends resolved alerts at their endsAt', async () => {
    for (const name of ['webhook-from-prometheus-resolved', 'webhook-resolved']) {
      h.sink.calls = [];
      const body = fixture(name);
      expect((await post(KEYS.amPlain, body)).statusCode).toBe(200);
      const [alert] = h.sink.submitted;
      expect(fingerprint(alert!.labels)).toBe(body.alerts[0]!.fingerprint);
      expect(alert!.endsAt).toBe(
        Date.parse((body.alerts[0] as unknown as { endsAt: string }).endsAt),
      );
      expect(alert!.timeout).toBe(false);
    }
  });

  it('stores a group of four, with the integration labels laid over each', async () => {
    const body = fixture('webhook-group-of-4');
    expect((await post(KEYS.am, body)).statusCode).toBe(200);
    expect(h.sink.calls).toHaveLength(1);
    const stored = h.sink.submitted;
    expect(stored.map((a) => a.labels.instance)).toEqual(['i-0', 'i-1', 'i-2', 'i-3']);
    for (const a of stored) expect(a.labels.env).toBe('prod');
  });

  it('stores the valid alerts of a mixed batch and names each invalid one in a 400', async () => {
    const good = fixture('webhook-group-of-4').alerts;
    const res = await post(KEYS.amPlain, {
      version: '4',
      status: 'firing',
      alerts: [
        good[0],
        { ...good[1], labels: { 'bad-name': 'x' } },
        { ...good[2], status: 'pending' },
        { ...good[3], startsAt: '2026-11-22T08:00:00Z', endsAt: '2026-11-22T07:00:00Z' },
        { ...good[3], status: 'resolved', endsAt: '0001-01-01T00:00:00Z' },
        'not an alert',
      ],
    });
    expect(res.statusCode).toBe(400);
    const error = res.json().error;
    expect(error.code).toBe('bad_request');
    expect(error.details.errors).toEqual([
      "alerts[1].labels: invalid label name 'bad-name' (expected [a-zA-Z_][a-zA-Z0-9_]*)",
      'alerts[2].status: expected "firing" or "resolved"',
      'alerts[3].endsAt: before startsAt',
      'alerts[5].alert: expected an object',
    ]);
    expect(error.message).toContain('alerts[1].labels');
    expect(error.message).toContain('(2 valid alerts stored)');
    const stored = h.sink.submitted;
    expect(stored.map((a) => a.labels.instance)).toEqual(['i-0', 'i-3']);
    // Resolved without an end time: ended now.
    expect(stored[1]).toMatchObject({ endsAt: NOW, timeout: false });
  });

  it('refuses bodies that are not a version 4 notification', async () => {
    const cases: Array<[unknown, string]> = [
      [[], 'body: expected an Alertmanager webhook object'],
      [{ version: '3', alerts: [] }, 'version: expected "4", got "3"'],
      [{ version: '4' }, 'alerts: expected an array'],
    ];
    for (const [body, message] of cases) {
      const res = await post(KEYS.am, body);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details.errors).toEqual([message]);
    }
    expect(h.sink.calls).toEqual([]);
  });

  it('answers 404 for an unknown key, or a key of another type, without saying which', async () => {
    const body = fixture('webhook-resolved');
    const unknown = await post('no-such-key-0123456789', body);
    const other = await post(KEYS.pd, body);
    for (const res of [unknown, other]) {
      expect(res.statusCode).toBe(404);
      expect(res.json().error.message).toBe('unknown integration key');
    }
    expect(h.sink.calls).toEqual([]);
  });

  it('answers 503 when the sink is overloaded', async () => {
    h.sink.overloaded = true;
    const res = await post(KEYS.am, fixture('webhook-group-of-4'));
    expect(res.statusCode).toBe(503);
    expect(res.json().error.code).toBe('overloaded');
  });
});
