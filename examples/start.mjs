/* global URL, console, process */
// `npm start`: the demo (examples/demo/) plus `opsdeck up` on examples/ops.yaml, so a first
// run has something to watch with no other services installed.
//
//   npm start                      demo + Opsdeck on http://127.0.0.1:8080, data in ./data/
//   npm start -- --no-demo         Opsdeck alone (or OPSDECK_DEMO=0)
//   OPSDECK_LISTEN=127.0.0.1:9090 OPSDECK_STORAGE=sqlite:/tmp/ops.db npm start
//
// Opsdeck runs as a child process with this terminal and environment, plus
// OPSDECK_PUBLIC_URL derived from OPSDECK_LISTEN when unset (the example's self-checks and
// the demo's backup job use it). SIGINT, SIGTERM and SIGHUP (reload the config) are passed
// on; when Opsdeck exits, the demo stops and this process exits with Opsdeck's status.
// Other arguments are passed on to `opsdeck up`.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { opsdeckUrlFromEnv } from './demo/opsdeck-url.mjs';

const BIN = fileURLToPath(new URL('../bin/opsdeck', import.meta.url));
const CONFIG = fileURLToPath(new URL('./ops.yaml', import.meta.url));
/** A path as short as it can be from here (relative when inside the working directory). */
const shown = (path) => {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
};

const args = process.argv.slice(2);
const withDemo = !args.includes('--no-demo') && process.env.OPSDECK_DEMO !== '0';
const passOn = args.filter((a) => a !== '--no-demo');
const storage = process.env.OPSDECK_STORAGE || 'sqlite:./data/opsdeck.db';
const opsdeckUrl = opsdeckUrlFromEnv(process.env);

let child;
let stopSignal;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill(signal);
    else if (!child && signal !== 'SIGHUP') stopSignal ??= signal; // Opsdeck not started yet
  });
}

let demo;
if (withDemo) {
  try {
    // Loaded here, not at the top: without devDependencies Opsdeck still starts.
    const { startDemo, describeDemo } = await import('./demo/index.mjs');
    demo = await startDemo({ opsdeckUrl, log: (line) => console.error(line) });
    console.error(describeDemo(opsdeckUrl));
  } catch (error) {
    const reason = String(error?.message ?? error).split('\n')[0];
    console.error(`demo: not started (${reason}); \`npm ci\` installs what it needs`);
  }
}

const exit = async (code) => {
  await demo?.close();
  process.exit(code);
};
if (stopSignal) await exit(0);

child = spawn(
  process.execPath,
  [shown(BIN), 'up', '--config', shown(CONFIG), '--storage', storage, ...passOn],
  { stdio: 'inherit', env: { ...process.env, OPSDECK_PUBLIC_URL: opsdeckUrl } },
);
child.on('error', (error) => {
  console.error(`opsdeck: could not start ${shown(BIN)}: ${error.message}`);
  void exit(1);
});
child.on('exit', (code, signal) => {
  void exit(code ?? 128 + (constants.signals[signal] ?? 0));
});
