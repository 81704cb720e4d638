import { z } from 'zod';
import { parseDuration } from '../config/index.js';

/** A Go/Prometheus-style duration string in an API body (`90d`, `1h30m`), as milliseconds. */
export const durationMs = z.string().transform((value, ctx) => {
  try {
    return parseDuration(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});
