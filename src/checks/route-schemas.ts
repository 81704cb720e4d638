import { z } from 'zod';
import { pageOf } from '../lib/api-schemas.js';
import { CHECK_STATES } from './state.js';

const time = z.string().meta({ description: 'ISO 8601 time.' });

const result = z
  .object({
    at: time,
    status: z.enum(['up', 'degraded', 'down']),
    latency_ms: z.number(),
    reason: z.string().nullable().meta({ description: 'Why the run was not up.' }),
    details: z
      .record(z.string(), z.unknown())
      .nullable()
      .meta({ description: 'Kind-specific facts: timings, answers, exit status.' }),
  })
  .meta({ id: 'CheckResult' });

const check = z
  .object({
    id: z.string().meta({ description: 'service/name' }),
    service: z.string(),
    name: z.string(),
    kind: z.string(),
    state: z.enum(CHECK_STATES as [string, ...string[]]),
    state_since: time.nullable(),
    state_reason: z.string().nullable(),
    every: z.string().nullable(),
    timeout: z.string().nullable(),
    target: z
      .string()
      .nullable()
      .meta({ description: 'host:port the per-target limit counts against.' }),
    severity: z.string(),
    labels: z.record(z.string(), z.string()),
    runbook: z.string().nullable(),
    last_result: result.nullable(),
    certificate_expires_at: time.nullable(),
    heartbeat: z
      .object({
        ping_url: z.string(),
        last_ping_at: time.nullable(),
        next_deadline: time
          .nullable()
          .meta({ description: 'When the check is late without a ping.' }),
        running: z.number().int().meta({ description: 'Runs started and not yet finished.' }),
      })
      .nullable(),
  })
  .meta({ id: 'Check' });

const uptime = z
  .object({
    from: time,
    to: time,
    uptime: z
      .number()
      .nullable()
      .meta({ description: '(up + degraded) / all runs; null when nothing ran.' }),
    runs: z.object({ up: z.number().int(), degraded: z.number().int(), down: z.number().int() }),
    latency_ms: z.object({
      min: z.number().nullable(),
      avg: z.number().nullable(),
      max: z.number().nullable(),
      p95: z.number().nullable(),
    }),
    sources: z.object({
      day: z.number().int(),
      hour: z.number().int(),
      minute: z.number().int(),
      open: z.number().int(),
    }),
  })
  .meta({ id: 'CheckUptime' });

const event = z
  .object({ at: time, from: z.string(), to: z.string(), reason: z.string().nullable() })
  .meta({ id: 'CheckEvent' });

/** Response schemas of the checks API (the OpenAPI document is generated from them). */
export const checkSchemas = {
  check,
  checkPage: pageOf(check),
  result,
  resultPage: pageOf(result),
  uptime,
  eventPage: pageOf(event),
};
