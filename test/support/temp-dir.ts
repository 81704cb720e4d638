import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A fresh temp directory under the run's root (OPSDECK_TEST_TMP, made and removed by
 * global-setup.ts), so suites can create as many as they like without leaving them behind.
 */
export function makeTempDir(prefix: string): string {
  return mkdtempSync(join(process.env.OPSDECK_TEST_TMP ?? tmpdir(), prefix));
}
