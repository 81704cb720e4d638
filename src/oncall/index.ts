/**
 * On-call: schedules of rotations in their time zones, layers, overrides, "who is on call" for
 * escalation, iCal export and the API. `OnCall` assembles the domain; the composition root
 * wires its routes. Escalation (`escalation/`) builds on `OnCall.onCallAt`.
 */
export { OnCall, SUMMARY_LOOKAHEAD_MS, type OnCallDeps } from './oncall.js';
export { ScheduleOverrides, type OverrideSetOptions } from './override-set.js';
export { MAX_OVERRIDE_MS, type Override, type OverrideInput } from './overrides.js';
export { oncallRoutes, type OncallRouteDeps } from './routes.js';
export { icalRoutes, type IcalRouteDeps } from './ical-routes.js';
export { icalKey, icalUrl, verifyIcalKey, type CalendarKind } from './ical-keys.js';
export { personCalendar, scheduleCalendar, shiftUid, type CalendarShift } from './ical.js';
export { stepReach, type StepReach, type TargetReach } from './reach.js';
export {
  compileSchedule,
  finalShifts,
  gapsOf,
  onCallAt,
  scheduleGapWarnings,
  validateSchedules,
  type CompiledSchedule,
  type Interval,
  type OnCallSummary,
  type OverrideSpan,
  type ScheduleIssue,
  type Shift,
} from './schedule/index.js';
