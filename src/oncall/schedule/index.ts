/**
 * The schedule engine: pure functions from a schedule's config (and overrides) to who is on
 * call when. No storage, no clock of its own; `OnCall` (../oncall.ts) feeds it.
 */
export {
  compileSchedule,
  type CompiledSchedule,
  type CompiledRotation,
  type Restriction,
} from './compile.js';
export {
  finalShifts,
  gapsOf,
  layeredShifts,
  onCallAt,
  type OverrideSpan,
  type Shift,
} from './final.js';
export { onCallSummary, type OnCallSummary } from './now.js';
export { rotationPieces, rotationTurns, type RotationPiece } from './rotation.js';
export { validateSchedules, formatLocal, type ScheduleIssue } from './validate.js';
export { scheduleGapWarnings } from './gaps.js';
export { ZoneClock, zoneClock } from './zone-clock.js';
export type { Interval } from './timeline.js';
