import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { opsJsonSchema, type JsonSchema } from '../json-schema.js';
import {
  autoResolves,
  CHANNEL_KINDS,
  channelKindSchemas,
  DEFAULT_SEVERITIES,
  opsConfigSchema,
} from './index.js';

/** Every `properties` entry in the JSON Schema, with its dotted location. */
function allProperties(schema: JsonSchema, at = ''): [string, JsonSchema][] {
  const out: [string, JsonSchema][] = [];
  const visit = (node: unknown, where: string) => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach((n, i) => visit(n, `${where}[${i}]`));
    const s = node as JsonSchema;
    for (const [key, value] of Object.entries(s.properties ?? {})) {
      out.push([`${where}.${key}`, value as JsonSchema]);
      visit(value, `${where}.${key}`);
    }
    for (const key of ['additionalProperties', 'items', 'oneOf', 'anyOf'] as const)
      visit(s[key], `${where}.${key}`);
  };
  visit(schema, at);
  return out;
}

describe('opsConfigSchema', () => {
  it('gives every field a description (the docs are generated from them)', () => {
    const missing = allProperties(opsJsonSchema())
      .filter(([, schema]) => !schema.description)
      .map(([where]) => where);
    expect(missing).toEqual([]);
  });

  it('rejects unknown keys at every level', () => {
    for (const input of [{ x: 1 }, { server: { x: 1 } }, { people: { a: { name: 'A', x: 1 } } }]) {
      expect(opsConfigSchema.safeParse(input).success).toBe(false);
    }
  });

  it('parses an empty config into the defaults', () => {
    const config = opsConfigSchema.parse({});
    expect(config.server).toEqual({ body_limit: 1_048_576 });
    expect(config.severities).toEqual(opsConfigSchema.shape.severities.parse(DEFAULT_SEVERITIES));
    expect(Object.keys(config.severities)).toEqual(['P0', 'P1', 'P2', 'P3']);
    expect(config.severities.P2).toEqual({
      title: 'Medium',
      respond_within: 3_600_000,
      page: false,
    });
    expect(config.monitoring).toEqual({
      concurrency: 2_000,
      per_target_concurrency: 100,
      ping_body_limit: 100 * 1024,
      retention: {
        raw: 2 * 86_400_000,
        minute: 14 * 86_400_000,
        hour: 365 * 86_400_000,
        day: 730 * 86_400_000,
        events: 730 * 86_400_000,
      },
    });
    expect({ ...config, severities: undefined, server: undefined, monitoring: undefined }).toEqual({
      people: {},
      teams: {},
      schedules: {},
      escalation_policies: {},
      oncall: { link_ttl: 86_400_000, gap_horizon: 28 * 86_400_000 },
      incidents: {
        postmortem_reminders: { before: 86_400_000, every: 86_400_000, max: 7 },
        report_timezone: 'UTC',
      },
      services: {},
      channels: {},
      integrations: {},
      metrics: { evaluation_interval: 15_000, scrape: {} },
      alert_rules: [],
      alerts: { max_pending: 200_000, resolve_timeout: 300_000, retention: 604_800_000 },
      routes: {
        group_by: ['alertname', 'service'],
        group_wait: 30_000,
        group_interval: 300_000,
        repeat_interval: 14_400_000,
        notify: [],
        severity_map: {},
        routes: [],
      },
      time_intervals: [],
      inhibit_rules: [],
      maintenance_windows: {},
      status_pages: {},
    });
  });

  it('auto-resolves severities that do not page, unless told otherwise', () => {
    const config = opsConfigSchema.parse({});
    expect(['P0', 'P1', 'P2', 'P3'].map((p) => autoResolves(config.severities[p]))).toEqual([
      false,
      false,
      true,
      true,
    ]);
    const own = opsConfigSchema.parse({
      severities: {
        SEV1: { title: 'x', respond_within: '5m', page: true, auto_resolve: true },
        SEV2: { title: 'y', respond_within: '1h', auto_resolve: false },
      },
    });
    expect(autoResolves(own.severities.SEV1)).toBe(true);
    expect(autoResolves(own.severities.SEV2)).toBe(false);
    expect(opsConfigSchema.safeParse({ incidents: { report_timezone: 'Mars/Base' } }).success).toBe(
      false,
    );
  });

  it('requires ids to start with a letter so map order is kept', () => {
    expect(
      opsConfigSchema.safeParse({ severities: { 1: { title: 'x', respond_within: '1m' } } })
        .success,
    ).toBe(false);
    expect(opsConfigSchema.safeParse({ people: { 'a.b': { name: 'x' } } }).success).toBe(false);
    expect(opsConfigSchema.safeParse({ people: { 'a-b_2': { name: 'x' } } }).success).toBe(true);
  });

  it('validates people fields', () => {
    const person = (p: object) =>
      opsConfigSchema.safeParse({ people: { a: { name: 'A', ...p } } }).success;
    expect(
      person({ phone: '+34600111222', timezone: 'America/New_York', email: 'a@example.com' }),
    ).toBe(true);
    expect(person({ phone: '0034600111222' })).toBe(false);
    expect(person({ timezone: 'Mars/Olympus' })).toBe(false);
    expect(person({ slack_user_id: 'alice' })).toBe(false);
  });

  it('limits service tiers to 1–4', () => {
    const tier = (t: unknown) =>
      opsConfigSchema.safeParse({ services: { a: { tier: t } } }).success;
    expect([1, 4].map(tier)).toEqual([true, true]);
    expect([0, 5, 1.5, '1'].map(tier)).toEqual([false, false, false, false]);
  });
});

describe('channels', () => {
  it('keeps one registry entry per kind, keyed by its type', () => {
    expect(CHANNEL_KINDS).toEqual([
      'webhook',
      'slack',
      'teams',
      'discord',
      'email',
      'pagerduty',
      'opsgenie',
      'ntfy',
      'telegram',
    ]);
    for (const [kind, schema] of Object.entries(channelKindSchemas)) {
      expect((schema.shape.type as z.ZodLiteral<string>).value).toBe(kind);
    }
  });

  /** What every kind gets when its delivery settings are left out. */
  const DELIVERY = {
    retry: { attempts: 6, backoff: 1_000, max_backoff: 300_000 },
    timeout: 10_000,
  };

  it.each([
    [{ type: 'webhook', url: 'https://h.example.com', secret: 's', headers: { 'X-A': 'b' } }, {}],
    [{ type: 'slack', url: 'https://hooks.slack.com/services/x' }, {}],
    [{ type: 'teams', url: 'https://x.webhook.office.com/y' }, {}],
    [{ type: 'discord', url: 'https://discord.com/api/webhooks/1/x' }, {}],
    [
      { type: 'email', host: 'smtp.example.com', from: 'ops@example.com' },
      { port: 587, security: 'starttls', tls_verify: true },
    ],
    [
      { type: 'pagerduty', routing_key: 'R0UT1NG' },
      { url: 'https://events.pagerduty.com/v2/enqueue' },
    ],
    [{ type: 'opsgenie', api_key: 'k' }, { region: 'us' }],
    [{ type: 'ntfy', url: 'https://ntfy.sh', topic: 'ops' }, {}],
    [
      { type: 'telegram', bot_token: 't', chat_id: -1001234 },
      { chat_id: '-1001234', api_url: 'https://api.telegram.org' },
    ],
  ])('accepts a minimal %o', (channel, extra) => {
    const config = opsConfigSchema.parse({ channels: { c: channel } });
    expect(config.channels.c).toEqual({ ...channel, ...DELIVERY, ...extra });
  });

  it('rejects a kind with fields of another kind', () => {
    expect(
      opsConfigSchema.safeParse({ channels: { c: { type: 'slack', to: ['a@example.com'] } } })
        .success,
    ).toBe(false);
    expect(opsConfigSchema.safeParse({ channels: { c: { type: 'email', to: [] } } }).success).toBe(
      false,
    );
  });
});

describe('integrations', () => {
  it('requires a key of at least 16 characters and a known type', () => {
    const ok = (i: object) => opsConfigSchema.safeParse({ integrations: { i } }).success;
    expect(ok({ type: 'alertmanager', key: '0123456789abcdef' })).toBe(true);
    expect(ok({ type: 'alertmanager', key: 'short' })).toBe(false);
    expect(ok({ type: 'nagios', key: '0123456789abcdef' })).toBe(false);
  });
});
