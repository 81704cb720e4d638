/* global URL, console, process, setTimeout */
// An incident end to end, on the demo that `npm start` runs: PostgreSQL is not played, so the
// example's P1 check `postgres/connect` goes down, its CheckDown alert is routed to the
// handbook escalation and opens an incident that pages whoever is on call. This script then
// does what the handbooks ask of the responders, with the real CLI, printing each command and
// what it answered:
//
//   acknowledge → commander → investigating → pinned note → public update (identified) →
//   monitoring → resolve → post-mortem draft → action item → post-mortem published → close →
//   the incident report
//
// In a second terminal, while `npm start` runs:
//
//   OPSDECK_TOKEN=<the admin token npm start printed> node examples/incident.mjs
//
// OPSDECK_URL (or OPSDECK_PUBLIC_URL / OPSDECK_LISTEN, as npm start) says where Opsdeck is.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { opsdeckUrlFromEnv } from './demo/opsdeck-url.mjs';

const BIN = fileURLToPath(new URL('../bin/opsdeck', import.meta.url));
const url = process.env.OPSDECK_URL || opsdeckUrlFromEnv(process.env);
const token = process.env.OPSDECK_TOKEN || process.env.OPSDECK_ADMIN_TOKEN;
if (!token) {
  console.error(
    'incident: set OPSDECK_TOKEN to an admin or responder token (npm start prints one at first start)',
  );
  process.exit(2);
}
const env = { ...process.env, OPSDECK_URL: url, OPSDECK_TOKEN: token, NO_COLOR: '1' };

/** Runs `opsdeck …args`, prints the command and its output; stops the walk on failure. */
function opsdeck(...args) {
  console.log(
    `\n$ opsdeck ${args.map((a) => (/[\s"']/.test(a) ? JSON.stringify(a) : a)).join(' ')}`,
  );
  const run = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8' });
  process.stdout.write(run.stdout);
  process.stderr.write(run.stderr);
  if (run.status !== 0) {
    console.error(`incident: that command failed (exit ${run.status}); stopping here`);
    process.exit(1);
  }
  return run.stdout;
}

/** The open incident of the postgres CheckDown, once it exists (the check needs ~30 s to fail). */
async function postgresIncident() {
  const deadline = Date.now() + 120_000;
  let said = false;
  for (;;) {
    const run = spawnSync(
      process.execPath,
      [BIN, 'incidents', 'list', '--status', 'open', '--service', 'postgres', '--json'],
      { env, encoding: 'utf8' },
    );
    if (run.status === 0) {
      const found = JSON.parse(run.stdout).find((i) => i.source === 'alerts');
      if (found) return found.id;
    } else if (!said) console.error(run.stderr.trim());
    if (Date.now() > deadline) {
      console.error('incident: no incident for postgres after 2 minutes; is `npm start` running?');
      process.exit(1);
    }
    if (!said) console.log('waiting for postgres/connect to go down and open an incident…');
    said = true;
    await new Promise((r) => setTimeout(r, 2_000));
  }
}

const id = String(await postgresIncident());
const inAWeek = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);

opsdeck('incidents', 'show', id);
opsdeck('ack', id);
opsdeck('incidents', 'role', id, 'commander', 'alice');
opsdeck('incidents', 'status', id, 'investigating');
opsdeck(
  'incidents',
  'note',
  id,
  '--pin',
  'Connection refused on 127.0.0.1:5432: the **primary is down**. Following runbooks/database-failure.md.',
);
opsdeck(
  'incidents',
  'update',
  id,
  '--status',
  'identified',
  '--message',
  'Our database is unavailable; we have identified the cause and are restoring it.',
);
opsdeck('incidents', 'edit', id, '--impact', 'Sign-ins and checkout failed for every customer.');
opsdeck('incidents', 'status', id, 'monitoring');
opsdeck('resolve', id, '--reason', 'primary restarted; connections succeed again');
opsdeck(
  'actions',
  'add',
  id,
  'Add a streaming replica and test failover',
  '--owner',
  'carol',
  '--due',
  inAWeek,
);
opsdeck('postmortem', 'show', id);
opsdeck('postmortem', 'publish', id);
opsdeck('incidents', 'close', id);
opsdeck('incidents', 'show', id);
opsdeck('report', 'incidents');
console.log(`\nincident #${id}: acknowledged, worked, resolved, written up and closed.`);
