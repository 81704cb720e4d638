/**
 * Health checks: probes of every kind, one scheduler for all of them, states with reasons,
 * and history (raw results, minute/hour/day rollups, state changes). See README.md here.
 */
export { CheckEngine, type CheckEngineDeps } from './engine.js';
export { checkRoutes } from './routes.js';
export { pingRoutes } from './heartbeat/routes.js';
export { toAlerts, type CheckAlert, type CheckTransition } from './events.js';
export { CHECK_STATES, type CheckState } from './state.js';
export {
  DailyUptime,
  type DailySeries,
  type DailyUptimeOptions,
  type OpenMinutes,
  type UptimeFigures,
} from './history/index.js';
export { overviewRoutes } from './overview-routes.js';
