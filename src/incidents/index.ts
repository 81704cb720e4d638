/** Incidents: the P0–P3 lifecycle, paging, timeline, roles and public updates. */
export {
  Incidents,
  type ActionBy,
  type Declaration,
  type IncidentsDeps,
  type Outbox,
} from './incidents.js';
export { incidentRoutes } from './routes.js';
export { incidentVerbRoutes } from './verb-routes.js';
export { actionRoutes } from './action-routes.js';
export {
  INCIDENT_STATUSES,
  OPEN_STATUSES,
  UPDATE_STATUSES,
  isOpen,
  type IncidentStatus,
  type UpdateStatus,
} from './lifecycle.js';
export {
  incidentView,
  INCIDENT_ROLES,
  type IncidentRole,
  type IncidentRow,
  type IncidentView,
} from './types.js';
