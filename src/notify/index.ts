/**
 * Notifications: the durable dispatcher (`dispatch/`), the channel kinds (`channels/`), the
 * message every channel renders (`message.ts`), alert groups routed to channels, and the
 * routes (`/api/v1/notifications`, `/api/v1/channels`).
 */
export * from './dispatch/index.js';
export { groupMessage, sendGroupNotification } from './group-message.js';
export { closeChannels } from './channels/index.js';
export { notifyRoutes, type NotifyRouteDeps } from './routes.js';
export type { MessageEvent, NotificationMessage } from './message.js';
