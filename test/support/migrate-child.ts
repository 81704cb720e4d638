/**
 * Opens the storage URL given as argv[2], prints `ready`, waits for a line on stdin, then
 * migrates and prints `{"applied":[…]}`. The stdin barrier lets a test start the migrations of
 * several processes at the same instant despite their uneven start-up times.
 * Run with `node --import tsx test/support/migrate-child.ts URL`.
 */
import { once } from 'node:events';
import { openStore } from '../../src/store/index.js';

const silent = { info() {}, warn() {}, error() {} };
const store = await openStore(process.argv[2] ?? '', { logger: silent });
try {
  process.stdout.write('ready\n');
  await once(process.stdin, 'data');
  process.stdin.destroy();
  process.stdout.write(JSON.stringify(await store.migrate()) + '\n');
} finally {
  await store.close();
}
