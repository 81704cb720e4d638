/** Post-mortems and action items of incidents: the domain's surface. */
export { Postmortems, type PostmortemsDeps } from './postmortems.js';
export { PostmortemReminders } from './reminders.js';
export { postmortemRoutes } from './routes.js';
export { actionItemRoutes } from './action-item-routes.js';
export type { PostmortemDetail } from './detail.js';
export type { ActionItemView, PostmortemState, PostmortemStatus } from './views.js';
