/**
 * Calendars of shifts (text/calendar): behind bearer tokens under `/api/v1/`, and as
 * subscription URLs under `/ical/` for calendar apps, which cannot send a token. Those are
 * public routes whose `key` query parameter is the credential (see ical-keys.ts); a wrong key
 * is a 403 before anything about the calendar is looked up.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../errors.js';
import { personCalendar, scheduleCalendar, type CalendarShift } from './ical.js';
import { verifyIcalKey, type CalendarKind } from './ical-keys.js';
import type { OnCall } from './oncall.js';

export interface IcalRouteDeps {
  oncall: OnCall;
  signingKey: Buffer;
}

const DAY_MS = 86_400_000;
/** Calendars show the last 30 days (for reference) and the next 180. */
export const ICAL_PAST_MS = 30 * DAY_MS;
export const ICAL_AHEAD_MS = 180 * DAY_MS;
/** How far before the window shifts are computed, so the first one keeps its real start. */
const LEAD_MS = 35 * DAY_MS;
const CONTENT_TYPE = 'text/calendar; charset=utf-8';

const params = z.object({ id: z.string().max(64) });

export const icalRoutes: FastifyPluginAsyncZod<IcalRouteDeps> = async (
  app,
  { oncall, signingKey },
) => {
  // The window moves by whole days and shifts keep their true start, so an event's UID (built
  // from its start) does not change from one fetch to the next.
  const window = () => {
    const now = Date.now();
    const from = Math.floor(now / DAY_MS) * DAY_MS - ICAL_PAST_MS;
    return { now, from, to: from + ICAL_PAST_MS + ICAL_AHEAD_MS };
  };
  const shiftsOf = (all: (from: number, to: number) => CalendarShift[]) => {
    const { now, from, to } = window();
    return { now, shifts: all(from - LEAD_MS, to).filter((s) => s.end > from) };
  };
  const scheduleIcs = (id: string) => {
    const schedule = oncall.schedule(id);
    const { now, shifts } = shiftsOf((from, to) => oncall.namedShifts(id, from, to));
    return scheduleCalendar(schedule, shifts, now);
  };
  const personIcs = (id: string) => {
    if (!Object.hasOwn(oncall.config.people, id)) throw AppError.notFound('person', id);
    const { now, from, to } = window();
    return personCalendar(
      { id, name: oncall.personName(id) },
      oncall.personShifts(id, from, to),
      now,
    );
  };
  const checkKey = async (kind: CalendarKind, id: string, key: string | undefined) => {
    if (!verifyIcalKey(signingKey, kind, id, key))
      throw new AppError(
        'forbidden',
        `key: not the calendar key of ${kind} '${id}'; copy the subscription URL (ical_url) from the API`,
      );
  };
  const routes: Array<{
    kind: CalendarKind;
    api: string;
    ics: string;
    render: (id: string) => string;
  }> = [
    {
      kind: 'schedule',
      api: '/api/v1/schedules/:id/ical',
      ics: '/ical/schedules/:id.ics',
      render: scheduleIcs,
    },
    {
      kind: 'person',
      api: '/api/v1/people/:id/ical',
      ics: '/ical/people/:id.ics',
      render: personIcs,
    },
  ];

  for (const { kind, api, ics, render } of routes) {
    app.get(
      api,
      {
        config: { auth: 'viewer' },
        schema: {
          tags: ['oncall'],
          summary: `Shifts of a ${kind} as iCalendar (30 days back, 180 ahead)`,
          params,
        },
      },
      async (request, reply) => reply.type(CONTENT_TYPE).send(render(request.params.id)),
    );

    app.get(
      ics,
      {
        config: { auth: 'public' },
        schema: {
          tags: ['oncall'],
          summary: `Calendar subscription of a ${kind} (the key from ical_url, no token)`,
          params,
          querystring: z.object({ key: z.string().max(64).optional() }),
        },
      },
      async (request, reply) => {
        await checkKey(kind, request.params.id, request.query.key);
        return reply.type(CONTENT_TYPE).send(render(request.params.id));
      },
    );
  }
};
