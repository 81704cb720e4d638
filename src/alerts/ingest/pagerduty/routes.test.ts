import { describe, expect, it } from 'vitest';
import { KEYS, NOW, useIngestApp } from '../../../../test/alerts/ingest-harness.js';
import { fingerprint } from '../../model/fingerprint.js';
import { FOREVER } from '../../model/alert.js';
import { PD_BODY_LIMIT } from './routes.js';

const h = useIngestApp();

const enqueue = (payload: unknown, url = '/v2/enqueue') =>
  h.app.inject({ method: 'POST', url, payload: payload as object });

const trigger = (extra: object = {}, payload: object = {}) => ({
  routing_key: KEYS.pd,
  event_action: 'trigger',
  payload: { summary: 'DB down on db-1', source: 'db-1', severity: 'critical', ...payload },
  ...extra,
});

describe('POST /v2/enqueue (PagerDuty Events API v2)', () => {
  it('stores a full trigger with the documented label mapping and answers as PagerDuty', async () => {
    const res = await enqueue(
      trigger(
        {
          dedup_key: 'db-1/down',
          links: [{ href: 'https://runbooks/db', text: 'Runbook' }],
          images: [{ src: 'https://graph/png', alt: 'graph' }],
          client: 'Nagios',
          client_url: 'https://nagios/host/db-1',
        },
        {
          timestamp: '2026-11-22T07:59:00.000+00:00',
          component: 'postgres',
          group: 'prod-db',
          class: 'disk full',
          custom_details: { free: '0%', mount: '/var' },
        },
      ),
    );
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({
      status: 'success',
      message: 'Event processed',
      dedup_key: 'db-1/down',
    });
    expect(h.sink.calls).toHaveLength(1);
    const call = h.sink.calls[0]!;
    expect(call.kind === 'submit' && call.source).toBe('integration:pd');
    const [alert] = h.sink.submitted;
    expect(alert).toEqual({
      labels: {
        alertname: 'disk full',
        class: 'disk full',
        component: 'postgres',
        dedup_key: 'db-1/down',
        group: 'prod-db',
        service: 'api',
        severity: 'critical',
        source: 'db-1',
        team: 'sre',
      },
      annotations: {
        summary: 'DB down on db-1',
        custom_details: '{"free":"0%","mount":"/var"}',
        links: '[{"href":"https://runbooks/db","text":"Runbook"}]',
        images: '[{"src":"https://graph/png","alt":"graph"}]',
        client: 'Nagios',
        client_url: 'https://nagios/host/db-1',
      },
      startsAt: Date.parse('2026-11-22T07:59:00Z'),
      endsAt: FOREVER,
      timeout: false,
      generatorURL: 'https://nagios/host/db-1',
    });
  });

  it('generates a 32-hex dedup_key for a trigger without one; re-triggers keep one identity', async () => {
    const first = await enqueue(trigger());
    expect(first.statusCode).toBe(202);
    const key = first.json().dedup_key as string;
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    const [generated] = h.sink.submitted;
    expect(generated!.labels.alertname).toBe('PagerDutyEvent');
    expect(generated!.labels.dedup_key).toBe(key);
    expect(generated!.startsAt).toBe(NOW);

    await enqueue(trigger({ dedup_key: key }, { summary: 'still down, now 5 replicas' }));
    const [, again] = h.sink.submitted;
    expect(fingerprint(again!.labels)).toBe(fingerprint(generated!.labels));
    expect(again!.annotations.summary).toBe('still down, now 5 replicas');
    expect((await enqueue(trigger())).json().dedup_key).not.toBe(key);
  });

  it('acknowledges and resolves by dedup_key within the integration, also at /v2/enqueue/', async () => {
    for (const [action, url] of [
      ['acknowledge', '/v2/enqueue'],
      ['resolve', '/v2/enqueue/'],
    ] as const) {
      const res = await enqueue(
        { routing_key: KEYS.pd, event_action: action, dedup_key: 'db-1/down' },
        url,
      );
      expect(res.statusCode, res.body).toBe(202);
      expect(res.json()).toEqual({
        status: 'success',
        message: 'Event processed',
        dedup_key: 'db-1/down',
      });
    }
    expect(h.sink.calls).toEqual([
      {
        kind: 'acknowledge',
        source: 'integration:pd',
        labels: { dedup_key: 'db-1/down' },
        at: NOW,
      },
      { kind: 'resolve', source: 'integration:pd', labels: { dedup_key: 'db-1/down' }, at: NOW },
    ]);
  });

  it('answers 400 in PagerDuty shape with every error, storing nothing', async () => {
    const res = await enqueue({
      routing_key: KEYS.pd,
      event_action: 'trigger',
      dedup_key: 'x'.repeat(256),
      payload: { summary: 's'.repeat(1025), severity: 'fatal', timestamp: 'yesterday', group: 7 },
      links: [{ text: 'no href' }],
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.status).toBe('invalid event');
    expect(body.message).toBe('Event object is invalid');
    expect(body.errors).toEqual([
      "'dedup_key' is longer than 255 characters",
      "'payload.summary' is longer than 1024 characters",
      "'payload.source' is missing or blank",
      "'payload.severity' is invalid (must be one of: critical, error, warning, info)",
      "'payload.timestamp' is not an ISO 8601 time",
      "'payload.group' must be a string",
      "'links[0].href' is missing or not a string",
    ]);
    const resolve = await enqueue({ routing_key: KEYS.pd, event_action: 'resolve' });
    expect(resolve.json().errors).toEqual(["'dedup_key' is missing or blank"]);
    const noAction = await enqueue({ routing_key: KEYS.pd, payload: {} });
    expect(noAction.json().errors).toEqual(["'event_action' is missing or blank"]);
    expect((await enqueue([trigger()])).json().errors).toEqual(['Event must be a JSON object']);
    expect(h.sink.calls).toEqual([]);
  });

  it('refuses unknown routing keys, and keys of other integration types alike, with 400', async () => {
    const expected = {
      status: 'invalid event',
      message: 'Event object is invalid',
      errors: ["'routing_key' is invalid: not an Opsdeck integration key of type pagerduty"],
    };
    for (const routing_key of ['0'.repeat(32), KEYS.am, KEYS.hook]) {
      const res = await enqueue(trigger({ routing_key }));
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual(expected);
    }
    const missing = await enqueue(trigger({ routing_key: undefined }));
    expect(missing.json().errors).toEqual(["'routing_key' is missing or blank"]);
    expect(h.sink.calls).toEqual([]);
  });

  it('answers malformed JSON with 400 and oversized events with 413, in PagerDuty shape', async () => {
    const bad = await h.app.inject({
      method: 'POST',
      url: '/v2/enqueue',
      headers: { 'content-type': 'application/json' },
      payload: '{"routing_key": ',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({
      status: 'invalid event',
      message: 'Event object is invalid',
      errors: ['Request body is not valid JSON'],
    });
    const big = await enqueue(trigger({}, { custom_details: 'x'.repeat(PD_BODY_LIMIT) }));
    expect(big.statusCode).toBe(413);
    expect(big.json().status).toBe('invalid event');
    expect(h.sink.calls).toEqual([]);
  });

  it('answers 503, not 429, when the sink is overloaded', async () => {
    h.sink.overloaded = true;
    for (const event of [
      trigger(),
      { routing_key: KEYS.pd, event_action: 'resolve', dedup_key: 'k' },
    ]) {
      const res = await enqueue(event);
      expect(res.statusCode).toBe(503);
      expect(res.json().error.code).toBe('overloaded');
    }
  });
});
