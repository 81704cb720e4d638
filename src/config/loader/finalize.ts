/** The last step of loading: freeze the config and fingerprint it. */
import { createHash } from 'node:crypto';

/** Freezes `value` and everything reachable from it, so no consumer can change shared config. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * sha256 of the validated config as JSON. Formatting, comments, anchors, the split into files
 * and the spelling of values (`60m` vs `1h`) do not change it; the order of ids within a map
 * does, because it is meaningful (severities).
 */
export function configHash(config: unknown): string {
  return createHash('sha256').update(JSON.stringify(config)).digest('hex');
}
