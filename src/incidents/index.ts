/** Incidents: opened by alert groups routed to an escalation policy, paged until acknowledged. */
export { Incidents, type ActionBy, type IncidentsDeps, type Outbox } from './incidents.js';
export { incidentRoutes } from './routes.js';
export { actionRoutes } from './action-routes.js';
export {
  incidentView,
  INCIDENT_STATUSES,
  type IncidentStatus,
  type IncidentView,
} from './types.js';
