/** Maintenance windows (one-off and recurring) that mute a service's alerts. */
export { MaintenanceCalendar, type MaintenanceWindowSpec } from './calendar.js';
