import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { tryParseDuration } from '../config/index.js';
import { AppError } from '../errors.js';
import { authErrors, errorEnvelope, pageQuery } from '../lib/api-schemas.js';
import { keysetPageJson, sendSerialized } from '../lib/keyset-page.js';
import type { CheckEngine } from './engine.js';
import { checkUptime } from './history/index.js';
import { listEvents, listResults } from './queries.js';
import type { RuntimeCheck } from './runtime.js';
import { CHECK_STATES } from './state.js';
import { checkView, resultView } from './view.js';
import { checkSchemas } from './route-schemas.js';

export interface CheckRouteDeps {
  engine: CheckEngine;
  db: () => Kysely<Database>;
  publicUrl: () => string;
}

const MAX_RANGE_MS = 5 * 366 * 86_400_000;
const params = z.object({ service: z.string().max(64), check: z.string().max(64) });

/** A time: ISO 8601, epoch ms, or a duration meaning "that long ago" (`30d`). */
function parseTime(text: string | undefined, field: string, fallback: number, now: number): number {
  if (text === undefined || text === '') return fallback;
  if (/^\d{10,}$/.test(text)) return Number(text);
  const ago = tryParseDuration(text);
  if (ago !== undefined) return now - ago;
  const t = Date.parse(text);
  if (Number.isNaN(t))
    throw new AppError(
      'bad_request',
      `${field}: expected an ISO 8601 time, epoch ms, or a duration ago like 30d; got '${text}'`,
    );
  return t;
}

function range(q: { from?: string | undefined; to?: string | undefined }, defaultSpan: number) {
  const now = Date.now();
  const to = parseTime(q.to, 'to', now, now);
  const from = parseTime(q.from, 'from', to - defaultSpan, now);
  if (from >= to) throw new AppError('bad_request', 'from: must be before to');
  if (to - from > MAX_RANGE_MS)
    throw new AppError('bad_request', 'from: ranges are limited to 5 years');
  return { from, to };
}

function cursorNumber(cursor: string | undefined): number | undefined {
  if (cursor === undefined) return undefined;
  if (!/^\d+$/.test(cursor))
    throw new AppError('bad_request', 'cursor: expected the next_cursor of a previous page');
  return Number(cursor);
}

function matches(
  c: RuntimeCheck,
  q: {
    service?: string | undefined;
    state?: string | undefined;
    kind?: string | undefined;
    labels: Array<[string, string]>;
  },
): boolean {
  if (q.service !== undefined && c.service !== q.service) return false;
  if (q.state !== undefined && c.state !== q.state) return false;
  if (q.kind !== undefined && c.kind !== q.kind) return false;
  for (const [k, v] of q.labels) if (c.labels[k] !== v) return false;
  return true;
}

function parseLabels(label: string | string[] | undefined): Array<[string, string]> {
  const list = label === undefined ? [] : Array.isArray(label) ? label : [label];
  return list.map((item) => {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new AppError('bad_request', `label: expected key=value, got '${item}'`);
    return [item.slice(0, eq), item.slice(eq + 1)];
  });
}

export const checkRoutes: FastifyPluginAsyncZod<CheckRouteDeps> = async (
  app,
  { engine, db, publicUrl },
) => {
  const { check, checkPage, result, resultPage, uptime, eventPage } = checkSchemas;
  const view = (c: RuntimeCheck) => checkView(c, engine.heartbeats, publicUrl());
  const find = (p: { service: string; check: string }) => engine.get(`${p.service}/${p.check}`);

  app.get(
    '/api/v1/checks',
    {
      config: { auth: 'viewer' },
      schema: {
        tags: ['checks'],
        summary: 'List checks by id (service/name), with filters',
        querystring: z.object({
          ...pageQuery,
          service: z.string().max(64).optional(),
          state: z.enum(CHECK_STATES as [string, ...string[]]).optional(),
          kind: z.string().max(32).optional(),
          label: z
            .union([z.string().max(200), z.array(z.string().max(200)).max(20)])
            .optional()
            .meta({
              description: 'key=value; repeat for several (all must match).',
            }),
        }),
        response: { 200: checkPage, ...authErrors },
      },
    },
    async (request, reply) => {
      const { limit, cursor, service, state, kind, label } = request.query;
      const filter = { service, state, kind, labels: parseLabels(label) };
      // Serialized here, item by item, in the shape of the schema: the hot list skips the
      // response validator, which cost more than building the page (pollers hit it often).
      const json = keysetPageJson(
        engine.checks,
        { limit, after: cursor },
        {
          keyOf: (c) => c.key,
          keep: (c) => matches(c, filter),
          json: (c) => JSON.stringify(view(c)),
        },
      );
      const page = Buffer.from(json);
      return sendSerialized(reply, page);
    },
  );

  app.get(
    '/api/v1/checks/:service/:check',
    {
      config: { auth: 'viewer' },
      schema: {
        tags: ['checks'],
        summary: 'One check',
        params,
        response: { 200: check, 404: errorEnvelope, ...authErrors },
      },
    },
    async (request) => view(find(request.params)),
  );

  app.get(
    '/api/v1/checks/:service/:check/results',
    {
      config: { auth: 'viewer' },
      schema: {
        tags: ['checks'],
        summary: 'Raw results of a check, newest first (kept for monitoring.retention.raw)',
        params,
        querystring: z.object({
          ...pageQuery,
          from: z.string().max(40).optional(),
          to: z.string().max(40).optional(),
        }),
        response: { 200: resultPage, 404: errorEnvelope, ...authErrors },
      },
    },
    async (request) => {
      const c = find(request.params);
      const { from, to } = range(request.query, 86_400_000);
      return listResults(db(), c.id, {
        from,
        to,
        limit: request.query.limit,
        before: cursorNumber(request.query.cursor),
      });
    },
  );

  app.get(
    '/api/v1/checks/:service/:check/uptime',
    {
      config: { auth: 'viewer' },
      schema: {
        tags: ['checks'],
        summary: 'Uptime and latency over a range, from rollups (see README "Uptime math")',
        params,
        querystring: z.object({
          from: z.string().max(40).optional().meta({
            description: 'ISO time, epoch ms, or a duration ago (30d). Default: 24h before `to`.',
          }),
          to: z
            .string()
            .max(40)
            .optional()
            .meta({ description: 'ISO time, epoch ms, or a duration ago. Default: now.' }),
        }),
        response: { 200: uptime, 404: errorEnvelope, ...authErrors },
      },
    },
    async (request) => {
      const c = find(request.params);
      const { from, to } = range(request.query, 86_400_000);
      return checkUptime(db(), c.id, from, to, (a, b) => {
        const open = engine.minutes.openCounts(c.id, a, b);
        return open.up + open.degraded + open.down === 0
          ? undefined
          : { ...open, lat_min_us: null, lat_max_us: null, lat_sum_us: 0, lat_p95_us: null };
      });
    },
  );

  app.get(
    '/api/v1/checks/:service/:check/events',
    {
      config: { auth: 'viewer' },
      schema: {
        tags: ['checks'],
        summary: 'State changes of a check, newest first, with their reasons',
        params,
        querystring: z.object(pageQuery),
        response: { 200: eventPage, 404: errorEnvelope, ...authErrors },
      },
    },
    async (request) => {
      const c = find(request.params);
      return listEvents(db(), c.id, {
        limit: request.query.limit,
        before: cursorNumber(request.query.cursor),
      });
    },
  );

  app.post(
    '/api/v1/checks/:service/:check/run',
    {
      config: { auth: 'responder' },
      schema: {
        tags: ['checks'],
        summary: 'Run a check now and return the stored result',
        params,
        response: { 200: result, 404: errorEnvelope, 409: errorEnvelope, ...authErrors },
      },
    },
    async (request) => resultView(await engine.runNow(find(request.params).key)),
  );

  for (const action of ['pause', 'resume'] as const) {
    app.post(
      `/api/v1/checks/:service/:check/${action}`,
      {
        config: { auth: 'responder' },
        schema: {
          tags: ['checks'],
          summary:
            action === 'pause'
              ? 'Pause a check (no runs, no alerts) until resumed'
              : 'Resume a paused check',
          params,
          response: { 200: check, 404: errorEnvelope, ...authErrors },
        },
      },
      async (request) => {
        const ctx = { actor: request.actor!, requestId: request.id };
        const key = find(request.params).key;
        return view(
          action === 'pause' ? await engine.pause(key, ctx) : await engine.resume(key, ctx),
        );
      },
    );
  }
};
