import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authErrors, pageOf, pageQuery } from '../../lib/api-schemas.js';
import { keysetPageJson, sendSerialized } from '../../lib/keyset-page.js';
import { isoTimeOrNull } from '../../lib/time.js';
import type { Dispatcher } from '../dispatch/dispatcher.js';
import { compileMatcher, matchesAll, type CompiledMatcher } from '../matchers/matcher.js';
import { parseFilter } from '../matchers/filter.js';
import type { AlertStore } from '../store/alert-store.js';
import type { HeldAlert } from '../store/rows.js';
import {
  ALERT_STATES,
  alertJson,
  alertView,
  groupBase,
  groupView,
  inState,
  memberJson,
  type GroupJson,
} from './v1-views.js';

export interface AlertV1RouteDeps {
  alerts: AlertStore;
  dispatcher: Dispatcher;
}

const filterParam = z
  .union([z.string().max(1000), z.array(z.string().max(1000)).max(20)])
  .optional()
  .meta({ description: 'Alertmanager matchers, e.g. `severity=~"P0|P1"`; repeat for several.' });

function compileFilters(filter: unknown): CompiledMatcher[] {
  return parseFilter(filter).map(compileMatcher);
}

const byFingerprint = (a: HeldAlert, b: HeldAlert) =>
  a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0;

/** `GET /api/v1/alerts` and `GET /api/v1/alert-groups`, served from memory. */
export const alertV1Routes: FastifyPluginAsyncZod<AlertV1RouteDeps> = async (app, deps) => {
  app.get(
    '/api/v1/alerts',
    {
      config: { auth: 'viewer' },
      schema: {
        tags: ['alerts'],
        summary: 'Alerts held by Opsdeck, by fingerprint, with filters',
        querystring: z.object({
          ...pageQuery,
          state: z.enum(ALERT_STATES).default('firing').meta({
            description:
              'firing (default), active (firing and notified), suppressed (firing but silenced, inhibited, muted or explained by a dependency), resolved.',
          }),
          service: z.string().max(64).optional(),
          filter: filterParam,
        }),
        response: { 200: pageOf(alertView), ...authErrors },
      },
    },
    async (request, reply) => {
      const { limit, cursor, state, service, filter } = request.query;
      const matchers = compileFilters(filter);
      const now = Date.now();
      const sorted = [...deps.alerts.all()].sort(byFingerprint);
      const json = keysetPageJson(
        sorted,
        { limit, after: cursor },
        {
          keyOf: (a) => a.fingerprint,
          keep: (a) =>
            (service === undefined || a.labels.service === service) &&
            matchesAll(matchers, a.labels) &&
            inState(state, a, deps.dispatcher.statusOf(a, now), now),
          json: (a) => JSON.stringify(alertJson(a, deps.dispatcher.statusOf(a, now), now)),
        },
      );
      return sendSerialized(reply, json);
    },
  );

  app.get(
    '/api/v1/alert-groups',
    {
      config: { auth: 'viewer' },
      schema: {
        tags: ['alerts'],
        summary: 'Alert groups (route + group labels), as the dispatcher holds them',
        querystring: z.object({ ...pageQuery, filter: filterParam }),
        response: { 200: pageOf(groupView), ...authErrors },
      },
    },
    async (request, reply) => {
      const { limit, cursor, filter } = request.query;
      const matchers = compileFilters(filter);
      const { dispatcher } = deps;
      const now = Date.now();
      const groups = [...dispatcher.groups()].sort((a, b) => (a.key < b.key ? -1 : 1));
      const json = keysetPageJson(
        groups,
        { limit, after: cursor },
        {
          keyOf: (g) => g.key,
          keep: (g) => [...g.alerts.values()].some((a) => matchesAll(matchers, a.labels)),
          json: (g) => {
            const alerts = [...g.alerts.values()];
            const firing = alerts.filter((a) => a.endsAt > now);
            const view: GroupJson = {
              ...groupBase(g),
              severity: dispatcher.groupSeverity(firing.length ? firing : alerts, g.route),
              notify: g.route.targets.map((target) => ({
                target,
                last_notified_at: isoTimeOrNull(dispatcher.lastNotified(g, target)?.at ?? null),
              })),
              alerts: alerts.map((a) => memberJson(a, dispatcher.statusOf(a, now), now)),
              dependents: dispatcher
                .dependentsOf(firing, now)
                .map((a) => memberJson(a, dispatcher.statusOf(a, now), now)),
            };
            return JSON.stringify(view);
          },
        },
      );
      return sendSerialized(reply, json);
    },
  );
};
