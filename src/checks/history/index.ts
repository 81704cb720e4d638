export { HistoryWriter, type CheckUpdate, type NewEvent } from './writer.js';
export { MinuteRollups, MINUTE_MS } from './minute-rollups.js';
export { compact, prune, type Retention, HOUR_MS, DAY_MS } from './maintenance.js';
export { checkUptime, planRanges, type Uptime } from './uptime.js';
export { replayOpenMinutes } from './replay.js';
export { STATUS_CODE, STATUS_OF_CODE } from './status-codes.js';
export {
  DailyUptime,
  type DailySeries,
  type DailyUptimeOptions,
  type OpenMinutes,
  type UptimeFigures,
} from './daily-uptime.js';
