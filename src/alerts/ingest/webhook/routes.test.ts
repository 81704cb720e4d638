import { describe, expect, it } from 'vitest';
import {
  KEYS,
  NOW,
  RESOLVE_TIMEOUT,
  useIngestApp,
} from '../../../../test/alerts/ingest-harness.js';

const h = useIngestApp();

const post = (key: string, payload: unknown) =>
  h.app.inject({
    method: 'POST',
    url: `/api/v1/integrations/webhook/${key}`,
    payload: payload as object,
  });

const event = (extra: object = {}) => ({
  host: 'web-1',
  rule: { name: 'High latency' },
  message: 'p95 above 1s',
  details: { p95: 1.4 },
  state: 'alerting',
  time: '2026-11-22T07:30:00Z',
  ...extra,
});

describe('POST /api/v1/integrations/webhook/:key', () => {
  it('maps one body to one firing alert: paths to labels and annotations, constants added', async () => {
    const res = await post(KEYS.hook, event());
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ status: 'success' });
    const [call] = h.sink.calls;
    expect(call?.kind === 'submit' && call.source).toBe('integration:grafana');
    expect(h.sink.submitted).toEqual([
      {
        labels: { alertname: 'GrafanaAlert', instance: 'web-1', rule: 'High latency' },
        annotations: { summary: 'p95 above 1s', details: '{"p95":1.4}' },
        startsAt: Date.parse('2026-11-22T07:30:00Z'),
        endsAt: NOW + RESOLVE_TIMEOUT,
        timeout: true,
        generatorURL: '',
      },
    ]);
  });

  it('resolves on a configured resolved value, and reads epoch times and numeric values', async () => {
    const res = await post(KEYS.hook, event({ state: 'ok', host: 42, time: 1795334400 }));
    expect(res.statusCode).toBe(200);
    const [alert] = h.sink.submitted;
    expect(alert!.labels.instance).toBe('42');
    expect(alert).toMatchObject({ startsAt: 1795334400_000, endsAt: NOW, timeout: false });
  });

  it('skips missing annotations; a missing status means firing; no start time means now', async () => {
    const res = await post(KEYS.hook, { host: 'h', rule: { name: 'r' } });
    expect(res.statusCode).toBe(200);
    expect(h.sink.submitted[0]).toMatchObject({
      annotations: {},
      startsAt: NOW,
      endsAt: NOW + RESOLVE_TIMEOUT,
    });
  });

  it('names the label and path of a missing value, and a bad time, in a 400', async () => {
    const missing = await post(KEYS.hook, event({ rule: {} }));
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details.errors).toEqual([
      'labels.rule: no text value at $.rule["name"]',
    ]);
    const object = await post(KEYS.hook, event({ host: { name: 'x' } }));
    expect(object.json().error.details.errors).toEqual([
      'labels.instance: no text value at $.host',
    ]);
    const time = await post(KEYS.hook, event({ time: 'last tuesday' }));
    expect(time.json().error.details.errors).toEqual([
      'starts_at: value at $.time is not an RFC 3339 time or epoch number',
    ]);
    expect(h.sink.calls).toEqual([]);
  });

  it('maps each item of the configured array, storing the valid ones and naming the others', async () => {
    const res = await post(KEYS.hookList, {
      items: [
        { name: 'DiskFull', n: 1 },
        { name: 'DiskFull' },
        { name: '', n: 3 },
        { name: 'CpuHot', n: true },
        null,
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.errors).toEqual([
      'alerts[1].labels.n: no text value at $.n',
      'alerts[2].labels.alertname: no text value at $.name',
      'alerts[4].labels.alertname: no text value at $.name',
    ]);
    expect(h.sink.submitted.map((a) => a.labels)).toEqual([
      { alertname: 'DiskFull', n: '1' },
      { alertname: 'CpuHot', n: 'true' },
    ]);
    const notArray = await post(KEYS.hookList, { items: { name: 'x' } });
    expect(notArray.json().error.details.errors).toEqual(['alerts: no array at $.items']);
  });

  it('answers 404 for unknown keys and keys of other types; 503 on overload', async () => {
    for (const key of ['nope-nope-nope-nope', KEYS.am, KEYS.pd]) {
      const res = await post(key, event());
      expect(res.statusCode).toBe(404);
      expect(res.json().error.message).toBe('unknown integration key');
    }
    h.sink.overloaded = true;
    const res = await post(KEYS.hook, event());
    expect(res.statusCode).toBe(503);
  });
});
