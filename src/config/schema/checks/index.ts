/**
 * Checks, declared under `services.<id>.checks.<name>`: the common fields plus exactly one kind
 * key (`http: {…}`, `tcp: {…}`, …). `checkKindSchemas` is the registry the checks domain
 * mirrors with `Record<CheckKind, Prober>`: a new kind is one file here and one line below.
 */
import { z } from 'zod';
import { idMap } from '../primitives.js';
import { commandCheckSchema } from './command.js';
import { commonCheckShape } from './common.js';
import { dnsCheckSchema } from './dns.js';
import { heartbeatCheckSchema } from './heartbeat.js';
import { httpCheckSchema } from './http.js';
import { postgresCheckSchema } from './postgres.js';
import { redisCheckSchema } from './redis.js';
import { tcpCheckSchema } from './tcp.js';
import { tlsCheckSchema } from './tls.js';

export const checkKindSchemas = {
  http: httpCheckSchema,
  tcp: tcpCheckSchema,
  dns: dnsCheckSchema,
  tls: tlsCheckSchema,
  postgres: postgresCheckSchema,
  redis: redisCheckSchema,
  command: commandCheckSchema,
  heartbeat: heartbeatCheckSchema,
};

export type CheckKind = keyof typeof checkKindSchemas;
export const CHECK_KINDS = Object.keys(checkKindSchemas) as CheckKind[];
/** The parsed settings of one kind, e.g. `CheckSpec<'http'>`. */
export type CheckSpec<K extends CheckKind> = z.output<(typeof checkKindSchemas)[K]>;

const DEFAULT_EVERY_MS = 60_000;
const DEFAULT_TIMEOUT_MS = 10_000;
const MIN_EVERY_MS = 1_000;

const kindShape = Object.fromEntries(
  CHECK_KINDS.map((kind) => [kind, checkKindSchemas[kind].optional()]),
) as { [K in CheckKind]: z.ZodOptional<(typeof checkKindSchemas)[K]> };

type Common = {
  every: number;
  timeout: number;
  failures_to_down: number;
  successes_to_up: number;
  severity: string | undefined;
  labels: Record<string, string>;
  runbook: string | undefined;
};

/** One check after parsing: the kind tag, its settings, and the common fields with defaults. */
export type CheckConfig = { [K in CheckKind]: Common & { kind: K; spec: CheckSpec<K> } }[CheckKind];

export const checkSchema = z
  .strictObject({ ...commonCheckShape, ...kindShape })
  .superRefine((check, ctx) => {
    const kinds = CHECK_KINDS.filter((k) => check[k] !== undefined);
    if (kinds.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message:
          kinds.length === 0
            ? `needs one check kind: ${CHECK_KINDS.join(', ')}`
            : `has several check kinds (${kinds.join(', ')}); declare one per check`,
        input: check,
      });
      return;
    }
    if (kinds[0] === 'heartbeat') {
      for (const field of ['every', 'timeout'] as const) {
        if (check[field] !== undefined)
          ctx.addIssue({
            code: 'custom',
            path: [field],
            message: `is not used by heartbeat checks (set heartbeat.period or heartbeat.cron)`,
            input: check[field],
          });
      }
      return;
    }
    const every = check.every ?? DEFAULT_EVERY_MS;
    if (every > 0 && every < MIN_EVERY_MS)
      ctx.addIssue({
        code: 'custom',
        path: ['every'],
        message: 'must be at least 1s',
        input: every,
      });
    if (check.timeout !== undefined && check.timeout > every)
      ctx.addIssue({
        code: 'custom',
        path: ['timeout'],
        message: 'must not be longer than `every` (a run must end before the next is due)',
        input: check.timeout,
      });
  })
  .transform((check): CheckConfig => {
    const kind = CHECK_KINDS.find((k) => check[k] !== undefined)!;
    const every = check.every ?? DEFAULT_EVERY_MS;
    return {
      kind,
      spec: check[kind],
      every,
      timeout: check.timeout ?? Math.min(DEFAULT_TIMEOUT_MS, every),
      failures_to_down: check.failures_to_down ?? (kind === 'heartbeat' ? 1 : 2),
      successes_to_up: check.successes_to_up,
      severity: check.severity,
      labels: check.labels,
      runbook: check.runbook,
    } as CheckConfig;
  })
  .meta({ description: 'One check: the common fields and exactly one kind.' });

export const checksSchema = idMap(checkSchema)
  .default({})
  .meta({ description: 'Checks of this service by name (e.g. `health`).' });
