import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.js';
import type { AlertSink } from '../ingest/sink.js';
import { parsePostableAlerts } from '../ingest/postable.js';
import type { LabelSet } from '../model/labels.js';
import { parseFilter } from '../matchers/filter.js';
import { compileMatcher, matchesAll, type CompiledMatcher } from '../matchers/matcher.js';
import type { AlertStatusSource } from '../status.js';
import type { AlertStore } from '../store/alert-store.js';
import { gettableAlert } from './am-shapes.js';

/** Who posted alerts: where they are recorded as coming from, and how their labels change. */
export interface Sender {
  source: string;
  /** The integration's labels and service laid over the sender's (none for API tokens). */
  relabel?: (labels: LabelSet) => LabelSet;
}

export interface AmAlertRouteDeps {
  alerts: AlertStore;
  sink: AlertSink;
  status: AlertStatusSource;
  resolveTimeoutMs: () => number;
  /** The sender an integration key in the request names, if any (else an API token is needed). */
  integrationSender: (request: FastifyRequest) => Sender | undefined;
}

/** Alertmanager answers errors on API v2 as a bare JSON string; clients print it as is. */
function amError(reply: FastifyReply, status: number, message: string) {
  return reply.code(status).type('application/json').send(JSON.stringify(message));
}

const BOOL_PARAMS = ['active', 'silenced', 'inhibited', 'unprocessed'] as const;

/**
 * `POST /api/v2/alerts` (what Prometheus sends) and `GET /api/v2/alerts` (what amtool reads),
 * with Alertmanager's semantics: the valid alerts of a batch are stored even when others are
 * not, and the 400 then names each invalid one; the answer comes after the commit.
 */
export const amAlertRoutes: FastifyPluginAsync<AmAlertRouteDeps> = async (app, deps) => {
  const senders = new WeakMap<FastifyRequest, Sender>();
  const keyAuth = (request: FastifyRequest) => {
    const sender = deps.integrationSender(request);
    if (sender) senders.set(request, sender);
    return sender !== undefined;
  };
  app.post('/api/v2/alerts', { config: { auth: 'responder', keyAuth } }, async (request, reply) => {
    const sender = senders.get(request) ?? { source: 'api' };
    const parsed = parsePostableAlerts(request.body, {
      now: Date.now(),
      resolveTimeoutMs: deps.resolveTimeoutMs(),
    });
    const { relabel } = sender;
    const alerts = relabel
      ? parsed.alerts.map((a) => ({ ...a, labels: relabel(a.labels) }))
      : parsed.alerts;
    if (alerts.length > 0) {
      try {
        await deps.sink.submit(alerts, sender.source);
      } catch (error) {
        if (error instanceof AppError && error.status === 503)
          return amError(reply, 503, error.message);
        throw error;
      }
    }
    if (parsed.errors.length > 0) return amError(reply, 400, parsed.errors.join('; '));
    return reply.code(200).send();
  });

  app.get<{ Querystring: Record<string, string | string[] | undefined> }>(
    '/api/v2/alerts',
    { config: { auth: 'viewer' } },
    async (request, reply) => {
      const q = request.query;
      const flags: Record<string, boolean> = {};
      for (const name of BOOL_PARAMS) {
        const v = single(q[name]);
        if (v !== undefined && v !== 'true' && v !== 'false')
          return amError(reply, 400, `${name}: expected true or false`);
        flags[name] = v !== 'false';
      }
      let filter: CompiledMatcher[];
      let receiver: RegExp | undefined;
      try {
        filter = parseFilter(q.filter).map(compileMatcher);
        const r = single(q.receiver);
        receiver = r ? new RegExp(`^(?:${r})$`) : undefined;
      } catch (error) {
        const message = (error as Error).message;
        return amError(reply, 400, error instanceof AppError ? message : `receiver: ${message}`);
      }
      const now = Date.now();
      const out = [];
      for (const alert of deps.alerts.all()) {
        if (alert.endsAt <= now) continue;
        if (!matchesAll(filter, alert.labels)) continue;
        const s = deps.status.statusOf(alert, now);
        if (receiver && !s.receivers.some((name) => receiver.test(name))) continue;
        if (!flags.active && s.state === 'active') continue;
        if (!flags.unprocessed && s.state === 'unprocessed') continue;
        if (!flags.silenced && s.silencedBy.length > 0) continue;
        if (!flags.inhibited && s.inhibitedBy.length > 0) continue;
        out.push(gettableAlert(alert, s));
      }
      return reply.type('application/json').send(JSON.stringify(out));
    },
  );
};

function single(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[v.length - 1] : v;
}
