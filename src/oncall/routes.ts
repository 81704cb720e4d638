/**
 * `/api/v1/schedules`, `/api/v1/oncall` and schedule overrides. Reads come from memory
 * (`OnCall`); override changes are committed and audited before the answer.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../errors.js';
import { authErrors, errorEnvelope } from '../lib/api-schemas.js';
import { isoTime, isoTimeOrNull } from '../lib/time.js';
import { icalUrl } from './ical-keys.js';
import { overrideRoutes } from './override-routes.js';
import type { OnCall } from './oncall.js';
import { stepReach } from './reach.js';
import {
  interval,
  intervalView,
  parseInstant,
  personRef,
  rotationsOf,
  scheduleDetail,
  scheduleSummary,
  scheduleSummaryOf,
  shiftView,
  shiftViewOf,
} from './views.js';

export interface OncallRouteDeps {
  oncall: OnCall;
  publicUrl: () => string;
  /** The server's signing key (`loadSigningKey`), for calendar subscription URLs. */
  signingKey: Buffer;
}

const DAY_MS = 86_400_000;
/** Longest range of shifts one request may ask for. */
export const MAX_SHIFT_RANGE_MS = 366 * DAY_MS;
const DEFAULT_SHIFT_RANGE_MS = 7 * DAY_MS;

const params = z.object({ id: z.string().max(64) });
const when = (description: string) => z.string().max(40).optional().meta({ description });

export const oncallRoutes: FastifyPluginAsyncZod<OncallRouteDeps> = async (
  app,
  { oncall, publicUrl, signingKey },
) => {
  const summaryOf = async (id: string, now: number) =>
    scheduleSummaryOf(oncall, id, now, icalUrl(publicUrl(), signingKey, 'schedule', id));

  app.get(
    '/api/v1/schedules',
    {
      config: { auth: 'viewer' },
      schema: {
        tags: ['oncall'],
        summary: 'Schedules: who is on call now, the next handoff, gaps ahead',
        response: { 200: z.object({ items: z.array(scheduleSummary) }), ...authErrors },
      },
    },
    async () => {
      const now = Date.now();
      const items = [];
      for (const id of oncall.scheduleIds()) items.push(await summaryOf(id, now));
      return { items };
    },
  );

  app.get(
    '/api/v1/schedules/:id',
    {
      config: { auth: 'viewer' },
      schema: {
        tags: ['oncall'],
        summary: 'One schedule with its rotations',
        params,
        response: { 200: scheduleDetail, 404: errorEnvelope, ...authErrors },
      },
    },
    async (request) => {
      const { id } = request.params;
      return { ...(await summaryOf(id, Date.now())), rotations: rotationsOf(oncall, id) };
    },
  );

  app.get(
    '/api/v1/schedules/:id/shifts',
    {
      config: { auth: 'viewer' },
      schema: {
        tags: ['oncall'],
        summary: 'Final shifts (layers and overrides applied) and gaps in a range',
        params,
        querystring: z.object({
          from: when('ISO 8601 or epoch ms; default now.'),
          to: when('ISO 8601 or epoch ms; default from + 7 days; at most 366 days after from.'),
        }),
        response: {
          200: z.object({
            schedule: z.string(),
            from: z.string(),
            to: z.string(),
            shifts: z.array(shiftView),
            gaps: z.array(interval),
          }),
          404: errorEnvelope,
          ...authErrors,
        },
      },
    },
    async (request) => {
      const { id } = request.params;
      oncall.schedule(id);
      const from = parseInstant(request.query.from, 'from', Date.now());
      const to = parseInstant(request.query.to, 'to', from + DEFAULT_SHIFT_RANGE_MS);
      if (to <= from) throw new AppError('validation_failed', 'to: must be after from');
      if (to - from > MAX_SHIFT_RANGE_MS)
        throw new AppError('validation_failed', 'to: ranges are limited to 366 days after from');
      const shifts = oncall.shifts(id, from, to);
      return {
        schedule: id,
        from: isoTime(from),
        to: isoTime(to),
        shifts: shifts.map((s) => shiftViewOf(s, oncall)),
        gaps: oncall.gaps(id, from, to).map(intervalView),
      };
    },
  );

  app.get(
    '/api/v1/oncall',
    {
      config: { auth: 'viewer' },
      schema: {
        tags: ['oncall'],
        summary: 'Who is on call in every schedule, and whom each escalation policy pages first',
        querystring: z.object({ at: when('ISO 8601 or epoch ms; default now.') }),
        response: {
          200: z.object({
            at: z.string(),
            schedules: z.array(
              z.object({
                id: z.string(),
                name: z.string(),
                on_call: z.array(personRef),
                until: z.string().nullable(),
              }),
            ),
            escalation_policies: z.array(
              z.object({
                id: z.string(),
                name: z.string(),
                first_step: z.object({
                  targets: z.array(z.object({ target: z.string(), people: z.array(personRef) })),
                  people: z.array(personRef),
                  channels: z.array(z.string()),
                }),
              }),
            ),
          }),
          ...authErrors,
        },
      },
    },
    async (request) => {
      const at = parseInstant(request.query.at, 'at', Date.now());
      const refs = (ids: readonly string[]) =>
        ids.map((p) => ({ id: p, name: oncall.personName(p) }));
      const config = oncall.config;
      const schedules = oncall.scheduleIds().map((id) => {
        const s = oncall.summary(id, at);
        return {
          id,
          name: oncall.schedule(id).name,
          on_call: refs(s.people),
          until: isoTimeOrNull(s.until),
        };
      });
      const policies = Object.entries(config.escalation_policies).map(([id, policy]) => {
        const reach = stepReach(policy.steps[0]!, config, (s, t) => oncall.onCallAt(s, t), at);
        return {
          id,
          name: policy.name ?? id,
          first_step: {
            targets: reach.targets.map((t) => ({ target: t.target, people: refs(t.people) })),
            people: refs(reach.people),
            channels: reach.channels,
          },
        };
      });
      return { at: isoTime(at), schedules, escalation_policies: policies };
    },
  );

  await app.register(overrideRoutes, { oncall });
};
