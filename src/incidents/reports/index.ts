/** Incident metrics and reports: `GET /api/v1/reports/incidents`. */
export { reportRoutes, type ReportRouteDeps } from './routes.js';
export { incidentReport, computeReport, type IncidentReport, type BreachItem } from './report.js';
