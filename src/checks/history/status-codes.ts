import type { ProbeStatus } from '../probe.js';

/** How an outcome is stored in `check_results.status`. */
export const STATUS_CODE: Record<ProbeStatus, number> = { up: 0, degraded: 1, down: 2 };
export const STATUS_OF_CODE: readonly ProbeStatus[] = ['up', 'degraded', 'down'];
