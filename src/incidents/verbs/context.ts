/** What every incident verb works with, and the checks several of them share. */
import type { Transaction } from 'kysely';
import type { Actor } from '../../auth/roles.js';
import { didYouMean, type OpsConfig } from '../../config/index.js';
import { AppError } from '../../errors.js';
import type { Database } from '../../store/schema.js';
import type { AfterCommit, StepRunner } from '../steps.js';
import type { IncidentRow } from '../types.js';

/** Who performed a verb: a token or person (audited), a signed link, or Opsdeck itself. */
export interface ActionBy {
  /** Shown on the timeline and in notifications, e.g. `alice` or `token:ci`. */
  name: string;
  /** Audited when set (API and CLI calls). */
  audit?: { actor: Actor; requestId?: string | undefined } | undefined;
}

export const SYSTEM: ActionBy = { name: 'opsdeck' };

/** Called in the transaction that resolves an incident (post-mortems open there). */
export type ResolvedHook = (
  trx: Transaction<Database>,
  row: IncidentRow,
  now: number,
) => Promise<AfterCommit[]>;

export interface VerbContext {
  steps: StepRunner;
  config: () => OpsConfig;
  resolved?: ResolvedHook | undefined;
}

/** 400 naming `field` unless `id` is a key of the config section. */
export function assertKnown(
  field: string,
  kind: string,
  id: string,
  section: Record<string, unknown>,
): void {
  if (Object.hasOwn(section, id)) return;
  throw new AppError(
    'validation_failed',
    `${field}: unknown ${kind} '${id}'${didYouMean(id, Object.keys(section))}`,
  );
}

/** Severity ids, most severe first (the order written in the config). */
export function severityRank(config: OpsConfig, severity: string | null): number {
  if (severity === null) return Infinity;
  const i = Object.keys(config.severities).indexOf(severity);
  return i < 0 ? Infinity : i;
}
