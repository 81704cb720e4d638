import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { HeartbeatMonitor, Ping, PingEvent } from './monitor.js';

export interface PingRouteDeps {
  heartbeats: HeartbeatMonitor;
  /** Most of a ping body kept, in bytes (monitoring.ping_body_limit). */
  bodyLimit: () => number;
}

/** Ping keys and run ids are both UUIDs. */
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function parseAction(
  action: string | undefined,
): { event: PingEvent; exitStatus: number | null } | undefined {
  if (action === undefined) return { event: 'success', exitStatus: null };
  if (action === 'start' || action === 'fail' || action === 'log')
    return { event: action, exitStatus: null };
  if (/^\d{1,3}$/.test(action) && Number(action) <= 255)
    return { event: 'exit', exitStatus: Number(action) };
  return undefined;
}

function text(reply: FastifyReply, status: number, body: string) {
  return reply.code(status).type('text/plain; charset=utf-8').send(body);
}

/**
 * The healthchecks.io ping API, so existing cron jobs switch by changing one URL:
 * `/ping/<uuid>` (success), `/start`, `/fail`, `/log`, `/<exit status 0-255>`, with `?rid=`
 * telling concurrent runs apart; HEAD, GET and POST. The answer is `OK` once the ping is
 * committed; an unknown uuid is 404. The uuid is the credential, as with healthchecks.io,
 * so these routes take no bearer token.
 */
export const pingRoutes: FastifyPluginAsync<PingRouteDeps> = async (
  app,
  { heartbeats, bodyLimit },
) => {
  // Jobs send logs as any content type (text, JSON, binary): keep the raw bytes.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  const handle = async (
    request: FastifyRequest<{
      Params: { uuid: string; action?: string };
      Querystring: { rid?: string };
    }>,
    reply: FastifyReply,
  ) => {
    const limit = bodyLimit();
    reply.header('Ping-Body-Limit', String(limit));
    const { uuid, action } = request.params;
    const parsed = parseAction(action);
    if (!parsed)
      return text(
        reply,
        400,
        `invalid ping action '${action}': expected start, fail, log or an exit status 0-255`,
      );
    if (!UUID_RE.test(uuid)) return text(reply, 404, 'not found');
    const rid = request.query.rid;
    if (rid !== undefined && rid !== '' && !UUID_RE.test(rid))
      return text(reply, 400, 'rid: expected a UUID');
    const raw = Buffer.isBuffer(request.body) ? request.body : null;
    const ping: Ping = {
      ...parsed,
      rid: rid || null,
      method: request.method,
      remoteAddr: request.ip ?? null,
      userAgent: request.headers['user-agent']?.slice(0, 200) ?? null,
      body: raw && raw.length > 0 ? raw.subarray(0, limit).toString('utf8') : null,
    };
    const known = await heartbeats.ping(uuid.toLowerCase(), ping);
    return known ? text(reply, 200, 'OK') : text(reply, 404, 'not found');
  };

  for (const url of ['/ping/:uuid', '/ping/:uuid/:action']) {
    app.route({
      method: ['GET', 'HEAD', 'POST'],
      url,
      handler: handle,
      config: { auth: 'public' },
      schema: { hide: true },
    });
  }
};
