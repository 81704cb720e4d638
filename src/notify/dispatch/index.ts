/**
 * The durable notification dispatcher: `Notifier` (outbox, per-channel queues, retries,
 * fallbacks, attempt log), the API's reads, and the alert raised when a notification fails.
 */
export { Notifier } from './notifier.js';
export { notificationFailedAlert, type PostableAlert } from './failed-alert.js';
export {
  getNotification,
  listNotifications,
  parseCursor,
  NOTIFICATION_STATUSES,
  type NotificationQuery,
} from './queries.js';
export { deliverySettings, type DeliverySettings } from './settings.js';
export type {
  AttemptFn,
  AttemptView,
  FailedNotification,
  NewNotification,
  NotificationStatus,
  NotificationSummary,
  NotificationView,
  NotifierDeps,
  UnreachableFn,
} from './types.js';
