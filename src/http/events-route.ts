/**
 * `GET /api/v1/events`: the change feed as server-sent events, so the console and scripts
 * follow incidents live instead of polling. Each change is one event (`id`, `event` = its
 * type, `data` = JSON). A client that reconnects with `Last-Event-ID` (browsers do by
 * themselves) gets the changes it missed; when those are gone it gets a `reset` event and
 * should reload. Comments every `heartbeatMs` keep proxies from closing an idle stream; a
 * client that stops reading is cut off once 1 MiB waits for it, rather than buffering
 * without end.
 */
import type { ServerResponse } from 'node:http';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authErrors } from '../lib/api-schemas.js';
import type { Change, ChangeFeed } from '../lib/change-feed.js';

export interface EventRouteDeps {
  feed: ChangeFeed;
  heartbeatMs?: number;
}

/** Bytes waiting for a slow client before it is disconnected. */
const MAX_BUFFERED = 1 << 20;

function frame(c: Change): string {
  return `id: ${c.eventId}\nevent: ${c.type}\ndata: ${JSON.stringify(c.data)}\n\n`;
}

/** `incident.*,check.updated` → a predicate on change types. */
function typeFilter(spec: string | undefined): (type: string) => boolean {
  if (!spec) return () => true;
  const patterns = spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  return (type) =>
    patterns.some((p) => (p.endsWith('.*') ? type.startsWith(p.slice(0, -1)) : type === p));
}

export const eventRoutes: FastifyPluginAsyncZod<EventRouteDeps> = async (app, deps) => {
  const { feed } = deps;
  const heartbeatMs = deps.heartbeatMs ?? 15_000;
  const open = new Set<ServerResponse>();
  // Streams never go idle, so the server would wait for them forever on close.
  app.addHook('preClose', async () => {
    for (const res of open) res.end();
  });

  app.get(
    '/api/v1/events',
    {
      config: { auth: 'viewer' },
      schema: {
        tags: ['events'],
        summary:
          'Server-sent events: every change as it commits (incident.opened, incident.updated)',
        querystring: z.object({
          types: z.string().max(500).optional().meta({
            description: 'Comma-separated types to receive; `incident.*` matches a prefix.',
          }),
          last_event_id: z.string().max(100).optional().meta({
            description: 'Resume after this event (what the Last-Event-ID header does).',
          }),
        }),
        response: { ...authErrors },
      },
    },
    async (request, reply) => {
      const wanted = typeFilter(request.query.types);
      const header = request.headers['last-event-id'];
      const last = (typeof header === 'string' ? header : undefined) ?? request.query.last_event_id;
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-request-id': request.id,
      });
      const send = (text: string) => {
        if (res.writableEnded) return;
        if (res.writableLength > MAX_BUFFERED) {
          res.end();
          return;
        }
        res.write(text);
      };
      open.add(res);
      send(`retry: 3000\n: connected\n\n`);
      // The replay and the subscription happen in one synchronous turn: no change can fall
      // between them or arrive twice.
      if (last) {
        const missed = feed.since(last);
        if (missed === null)
          send(
            `id: ${feed.lastEventId}\nevent: reset\ndata: {"reason":"missed changes are gone; reload"}\n\n`,
          );
        else for (const c of missed) if (wanted(c.type)) send(frame(c));
      }
      const unsubscribe = feed.subscribe((c) => {
        if (wanted(c.type)) send(frame(c));
      });
      const heartbeat = setInterval(() => send(': keepalive\n\n'), heartbeatMs);
      heartbeat.unref();
      res.on('close', () => {
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(res);
      });
    },
  );
};
