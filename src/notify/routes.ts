/**
 * `/api/v1/notifications` (the delivery log) and `/api/v1/channels` (effective delivery
 * settings, and a test notification through one channel).
 */
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../audit/index.js';
import { publicUrlOf, type ChannelKind, type OpsConfig } from '../config/index.js';
import { AppError } from '../errors.js';
import { authErrors, errorEnvelope, pageOf, pageQuery } from '../lib/api-schemas.js';
import { keysetPageJson, sendSerialized } from '../lib/keyset-page.js';
import { runStatements, type Store } from '../store/index.js';
import type { ChannelDefaults } from './channels/channel.js';
import {
  deliverySettings,
  getNotification,
  listNotifications,
  NOTIFICATION_STATUSES,
  parseCursor,
  type Notifier,
} from './dispatch/index.js';
import { registryDefaults } from './dispatch/registry.js';
import type { NotificationMessage } from './message.js';
import { channelJson, channelView, notificationDetail, notificationSummary } from './views.js';

export interface NotifyRouteDeps {
  notifier: Notifier;
  store: Store;
  config: () => OpsConfig;
  /** The kind's delivery defaults; the channel registry's unless a test injects its own. */
  defaultsOf?: ((kind: ChannelKind) => ChannelDefaults) | undefined;
}

/** The longest a test request waits for the notification's outcome. */
const TEST_WAIT_MAX_MS = 30_000;

const idParam = z.object({ id: z.string().min(1).max(100) });

export const notifyRoutes: FastifyPluginAsyncZod<NotifyRouteDeps> = async (app, deps) => {
  const db = () => deps.store.db;
  const defaultsOf = deps.defaultsOf ?? registryDefaults;

  app.get(
    '/api/v1/notifications',
    {
      config: { auth: 'viewer' },
      schema: {
        tags: ['notifications'],
        summary: 'The delivery log: notifications, newest first, with filters',
        querystring: z.object({
          ...pageQuery,
          channel: z.string().max(64).optional().meta({ description: 'Channel id.' }),
          status: z.enum(NOTIFICATION_STATUSES).optional(),
          incident: z.coerce
            .number()
            .int()
            .positive()
            .optional()
            .meta({ description: 'Incident id.' }),
          person: z.string().max(64).optional().meta({ description: 'Person id.' }),
          event: z.string().max(64).optional().meta({ description: 'e.g. alert.group, test.' }),
        }),
        response: { 200: pageOf(notificationSummary), ...authErrors },
      },
    },
    async (request) => {
      const { limit, cursor, ...filters } = request.query;
      const after = cursor === undefined ? undefined : parseCursor(cursor);
      if (cursor !== undefined && !after)
        throw new AppError(
          'validation_failed',
          'querystring.cursor: not a cursor of this list (pass the previous page’s next_cursor)',
        );
      return listNotifications(db(), { limit, after, ...filters });
    },
  );

  app.get(
    '/api/v1/notifications/:id',
    {
      config: { auth: 'viewer' },
      schema: {
        tags: ['notifications'],
        summary: 'One notification with every attempt',
        params: idParam,
        response: { 200: notificationDetail, 404: errorEnvelope, ...authErrors },
      },
    },
    async (request) => {
      const view = await getNotification(db(), request.params.id);
      if (!view) throw AppError.notFound('notification', request.params.id);
      return view;
    },
  );

  app.get(
    '/api/v1/channels',
    {
      config: { auth: 'viewer' },
      schema: {
        tags: ['notifications'],
        summary: 'Channels with their effective delivery settings (never their secrets)',
        querystring: z.object(pageQuery),
        response: { 200: pageOf(channelView), ...authErrors },
      },
    },
    async (request, reply) => {
      const channels = deps.config().channels;
      const ids = Object.keys(channels).sort();
      const json = keysetPageJson(
        ids,
        { limit: request.query.limit, after: request.query.cursor },
        {
          keyOf: (id) => id,
          keep: () => true,
          json: (id) => {
            const c = channels[id]!;
            return JSON.stringify(channelJson(id, c, defaultsOf(c.type)));
          },
        },
      );
      return sendSerialized(reply, json);
    },
  );

  app.post(
    '/api/v1/channels/:id/test',
    {
      config: { auth: 'responder' },
      schema: {
        tags: ['notifications'],
        summary: 'Send a test notification through a channel and wait for its outcome',
        description:
          'Answers once the notification is delivered or failed for good, or after its timeout × attempts (at most 30 s) with it still pending.',
        params: idParam,
        response: { 200: notificationDetail, 404: errorEnvelope, ...authErrors },
      },
    },
    async (request) => {
      const { id } = request.params;
      const config = deps.config();
      const channel = Object.hasOwn(config.channels, id) ? config.channels[id] : undefined;
      if (!channel) throw AppError.notFound('channel', id);
      const actor = request.actor!;
      const prepared = deps.notifier.prepare([
        { channel: id, message: testMessage(id, actor.name, publicUrlOf(config.server)) },
      ]);
      const notification = prepared.ids[0]!;
      // The notification and its audit row commit together, or neither does.
      await deps.store.db.transaction().execute(async (trx) => {
        await runStatements(trx, prepared.statements);
        await recordAudit(trx, { actor, requestId: request.id }, 'channel.test', `channel:${id}`, {
          notification,
        });
      });
      prepared.afterCommit();
      const s = deliverySettings(channel, defaultsOf(channel.type));
      const waitMs = Math.min(TEST_WAIT_MAX_MS, s.timeoutMs * s.retry.attempts + 1_000);
      return deps.notifier.waitFor(notification, waitMs);
    },
  );
};

function testMessage(channel: string, actorName: string, publicUrl: string): NotificationMessage {
  return {
    event: 'test',
    title: `Test notification from Opsdeck (channel ${channel})`,
    text: `${actorName} sent this test through channel '${channel}'. No action is needed.`,
    severity: null,
    status: 'firing',
    alerts: [],
    links: { view: `${publicUrl}/notifications` },
    dedupKey: `opsdeck-test-${randomUUID()}`,
  };
}
