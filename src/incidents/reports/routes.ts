/**
 * `GET /api/v1/reports/incidents?from=&to=&tz=`: the incident report of report.ts for the
 * incidents opened in [from, to). Defaults: the last 30 days, the config's
 * `incidents.report_timezone`.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { OpsConfig } from '../../config/index.js';
import { AppError } from '../../errors.js';
import { authErrors } from '../../lib/api-schemas.js';
import { isoTime, parseInstant } from '../../lib/time.js';
import type { Store } from '../../store/index.js';
import { isZone } from './months.js';
import { incidentReport } from './report.js';
import { incidentReportSchema } from './schemas.js';

export interface ReportRouteDeps {
  store: Pick<Store, 'db'>;
  config: () => OpsConfig;
}

const DAY_MS = 86_400_000;
const MAX_YEARS = 5;

/** The range and zone of a request, checked; every error names its field. */
export function reportRange(
  q: { from?: string | undefined; to?: string | undefined; tz?: string | undefined },
  defaultZone: string,
  now: number,
): { from: number; to: number; zone: string } {
  const to = parseInstant(q.to, 'to', now);
  const from = parseInstant(q.from, 'from', to - 30 * DAY_MS);
  if (to <= from)
    throw new AppError(
      'validation_failed',
      q.to === undefined
        ? `from: must be before to (now, ${isoTime(to)})`
        : `to: must be after from (${isoTime(from)})`,
    );
  const limit = DateTime.fromMillis(from, { zone: 'utc' }).plus({ years: MAX_YEARS });
  if (!limit.isValid || to > limit.toMillis())
    throw new AppError('validation_failed', `to: the range may span ${MAX_YEARS} years at most`);
  const zone = q.tz ?? defaultZone;
  if (!isZone(zone))
    throw new AppError(
      'validation_failed',
      `tz: unknown time zone '${zone.slice(0, 64)}'; expected an IANA name like Europe/Madrid`,
    );
  return { from, to, zone };
}

export const reportRoutes: FastifyPluginAsyncZod<ReportRouteDeps> = async (app, deps) => {
  app.get(
    '/api/v1/reports/incidents',
    {
      config: { auth: 'viewer' },
      schema: {
        tags: ['incidents'],
        summary: 'Incident metrics: response times, breaches, post-mortems',
        description:
          'Incidents opened in [from, to): time to detect, acknowledge, mitigate and resolve ' +
          '(count, mean, nearest-rank p50/p90/p95, max; seconds) overall, per severity, per ' +
          'affected service and per calendar month; response breaches (nobody acknowledged or ' +
          'resolved by respond_by), counted and listed; post-mortem and action item counts.',
        querystring: z.object({
          from: z.string().max(40).optional().meta({
            description: 'Opened at or after (ISO 8601 or epoch ms); default: 30 days before `to`.',
          }),
          to: z
            .string()
            .max(40)
            .optional()
            .meta({ description: 'Opened before (ISO 8601 or epoch ms); default: now.' }),
          tz: z.string().max(64).optional().meta({
            description: 'IANA time zone of the months; default `incidents.report_timezone`.',
          }),
        }),
        response: { 200: incidentReportSchema, ...authErrors },
      },
    },
    async (request) => {
      const now = Date.now();
      const range = reportRange(request.query, deps.config().incidents.report_timezone, now);
      return incidentReport(deps.store.db, {
        ...range,
        now,
        severities: Object.keys(deps.config().severities),
      });
    },
  );
};
