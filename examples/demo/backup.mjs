/* global AbortController, AbortSignal, fetch */
// The demo "nightly backup" (it runs every minute so you need not wait a night). It reports
// to Opsdeck the way a cron job reports to healthchecks.io: POST /ping/<uuid>/start, do the
// work (2–5 s here), then POST /ping/<uuid> with its log, or /ping/<uuid>/fail with the error
// about one run in six. Both pings carry the same ?rid= so overlapping runs stay apart.
//
// The uuid is the one of postgres/backup in examples/ops.yaml. A real job needs no more than
//   curl -fsS -m 10 --retry 5 -o /dev/null "$OPSDECK_URL/ping/<uuid>/start"
//   … the work …
//   curl -fsS -m 10 --retry 5 --data-binary @backup.log "$OPSDECK_URL/ping/<uuid>/$?"
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

export const BACKUP_UUID = '7c3e5b8a-2d4f-4e61-9a0b-3f8d2c6e1a57';
export const BACKUP = { firstRunMs: 2_000, everyMs: 60_000, failureRate: 1 / 6 };

/** Starts the job schedule; returns a function that stops it (and any ping in flight). */
export function startBackupJob({ opsdeckUrl, log, uuid = BACKUP_UUID, schedule = BACKUP }) {
  const stopped = new AbortController();
  const base = `${opsdeckUrl.replace(/\/$/, '')}/ping/${uuid}`;
  let warned404 = false;
  let runs = 0;

  /**
   * POSTs one ping. While Opsdeck is not up yet (connection refused, 5xx), retries quietly
   * every second for up to `patienceMs`. Returns whether Opsdeck answered OK.
   */
  async function ping(suffix, rid, body, patienceMs) {
    const deadline = Date.now() + patienceMs;
    for (;;) {
      if (stopped.signal.aborted) return false;
      try {
        const res = await fetch(`${base}${suffix}?rid=${rid}`, {
          method: 'POST',
          headers: { 'content-type': 'text/plain', 'user-agent': 'opsdeck-demo-backup/1.0' },
          body,
          signal: AbortSignal.any([stopped.signal, AbortSignal.timeout(5_000)]),
        });
        await res.arrayBuffer();
        if (res.ok) return true;
        if (res.status === 404) {
          if (!warned404)
            log(`demo: backup job: Opsdeck does not know heartbeat ${uuid} (404); pings ignored`);
          warned404 = true;
          return false;
        }
      } catch {
        // not up yet, or stopping: try again below
      }
      if (Date.now() >= deadline) return false;
      try {
        await sleep(1_000, undefined, { signal: stopped.signal });
      } catch {
        return false;
      }
    }
  }

  async function run() {
    runs++;
    const rid = randomUUID();
    const started = Date.now();
    // The first run waits for Opsdeck to come up; later ones give up quietly after a while.
    const patience = runs === 1 ? 30_000 : 10_000;
    if (!(await ping('/start', rid, `backup run ${runs} starting\n`, patience))) return;
    try {
      await sleep(2_000 + Math.random() * 3_000, undefined, { signal: stopped.signal });
    } catch {
      return;
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (Math.random() < schedule.failureRate) {
      log(`demo: backup job: run ${runs} failed on purpose (POST /ping/<uuid>/fail)`);
      await ping(
        '/fail',
        rid,
        `pg_dump: error: connection to server at "db.demo.internal" (10.0.0.6), port 5432 failed: timeout expired\nbackup aborted after ${seconds} s\n`,
        10_000,
      );
    } else {
      const mib = (180 + Math.random() * 20).toFixed(1);
      await ping(
        '',
        rid,
        `pg_dump: dumped 42 tables (${mib} MiB) in ${seconds} s\nuploaded to s3://demo-backups/nightly/\n`,
        10_000,
      );
    }
  }

  const loop = (async () => {
    try {
      await sleep(schedule.firstRunMs, undefined, { signal: stopped.signal });
      while (!stopped.signal.aborted) {
        const next = Date.now() + schedule.everyMs;
        await run();
        await sleep(Math.max(0, next - Date.now()), undefined, { signal: stopped.signal });
      }
    } catch {
      // stopped
    }
  })();

  return async () => {
    stopped.abort();
    await loop;
  };
}
