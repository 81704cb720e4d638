/* global console, process */
// A command check: is there enough free disk space?
//
//   node disk-free.mjs [PATH] [MIN_FREE_PERCENT]      (defaults: . and 10)
//
// Prints one line and exits 0 when at least MIN_FREE_PERCENT of the file system holding PATH
// is available to unprivileged users, 1 when less, 2 when it cannot tell (bad arguments, a
// missing path). Opsdeck keeps the output, and shows the last line as the reason when down.
import { statfs } from 'node:fs/promises';
import { resolve } from 'node:path';

const [path = '.', minText = '10'] = process.argv.slice(2);
const min = Number(minText);
if (!Number.isFinite(min) || min < 0 || min > 100) {
  console.log(`disk-free: MIN_FREE_PERCENT must be a number from 0 to 100, got '${minText}'`);
  process.exit(2);
}

const gib = (bytes) => `${(bytes / 2 ** 30).toFixed(1)} GiB`;

try {
  const fs = await statfs(path);
  const total = fs.blocks * fs.bsize;
  const available = fs.bavail * fs.bsize;
  const percent = total > 0 ? (available / total) * 100 : 0;
  const ok = percent >= min;
  console.log(
    `disk-free: ${percent.toFixed(1)}% free on ${resolve(path)} ` +
      `(${gib(available)} of ${gib(total)}); ${ok ? 'ok' : 'LOW'}, threshold ${min}%`,
  );
  process.exit(ok ? 0 : 1);
} catch (error) {
  console.log(`disk-free: cannot read ${resolve(path)}: ${error.code ?? error.message}`);
  process.exit(2);
}
