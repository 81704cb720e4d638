/**
 * Copies of two config constants the CLI needs while it builds its command tree (help texts,
 * argument checks). The originals live in modules that load zod and every check schema
 * (~600 KB, ~90 ms of startup), which no remote command needs; config-constants.test.ts keeps
 * these equal to the originals.
 */
import type { CheckKind } from '../config/schema/checks/index.js';

/** `CHECK_KINDS` of src/config/schema/checks/index.ts, in the same order. */
export const CHECK_KINDS: readonly CheckKind[] = [
  'http',
  'tcp',
  'dns',
  'tls',
  'postgres',
  'redis',
  'command',
  'heartbeat',
];

/** `ID_PATTERN` of src/config/schema/primitives.ts: a config id, anchored. */
export const ID_PATTERN = '^[A-Za-z][A-Za-z0-9_-]*$';
