/**
 * `opsdeck report incidents` against a real `opsdeck up` (SQLite; the command only talks
 * HTTP) over incidents inserted before the server starts. Needs `npm run build` first.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { writeConfigFile } from '../support/app.js';
import { incidentRow } from '../support/incidents.js';
import { runCli, startServer, type RunningServer } from '../support/cli.js';
import { makeTempDir } from '../support/temp-dir.js';

const ADMIN = 'test-admin-token-0123456789abcdefghijklmnop';
const S = 1000;

/** Seconds after opening (null: not reached) of each incident. */
const INCIDENTS = [
  // 4m12s to acknowledge, 2h3m to resolve.
  {
    severity: 'P1',
    status: 'closed',
    opened: '2025-01-10T10:00:00Z',
    detect: 300,
    ack: 252,
    resolve: 7380,
    services: ['api'],
  },
  // Acknowledged 5 minutes after its 15-minute deadline.
  {
    severity: 'P1',
    status: 'resolved',
    opened: '2025-02-05T10:00:00Z',
    detect: 0,
    ack: 1200,
    resolve: 5400,
    services: ['api', 'db'],
  },
  // Nobody has responded: breached, late until now.
  {
    severity: 'P3',
    status: 'triggered',
    opened: '2025-02-20T08:00:00Z',
    detect: 60,
    ack: null,
    resolve: null,
    services: [],
  },
];

async function seed(url: string): Promise<void> {
  const store = await openStore(url);
  try {
    await store.migrate();
    for (const [i, s] of INCIDENTS.entries()) {
      const opened = Date.parse(s.opened);
      const after = (sec: number | null) => (sec === null ? null : opened + sec * S);
      const row = await store.db
        .insertInto('incidents')
        .values(
          incidentRow({
            key: `cli-report-${i}`,
            title: `Incident ${i + 1}`,
            severity: s.severity,
            service: s.services[0] ?? null,
            status: s.status,
            source: 'alerts',
            opened_at: opened,
            started_at: opened - s.detect * S,
            acknowledged_at: after(s.ack),
            mitigated_at: after(s.resolve),
            resolved_at: after(s.resolve),
            respond_by: opened + (s.severity === 'P1' ? 900 : 86_400) * S,
          }),
        )
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const service of s.services)
        await store.db
          .insertInto('incident_services')
          .values({ service, incident_id: Number(row.id) })
          .execute();
    }
  } finally {
    await store.close();
  }
}

describe('opsdeck report incidents (real server)', () => {
  let server: RunningServer;
  let env: Record<string, string>;
  const cli = (args: string[]) => runCli(['report', 'incidents', ...args], env);
  const RANGE = ['--from', '2025-01-01T00:00:00Z', '--to', '2025-03-01T00:00:00Z'];

  beforeAll(async () => {
    const storage = `sqlite:${join(makeTempDir('opsdeck-report-cli-'), 'opsdeck.db')}`;
    await seed(storage);
    const config = writeConfigFile('incidents: { report_timezone: Europe/Madrid }\n');
    server = await startServer(['--config', config, '--storage', storage], {
      OPSDECK_ADMIN_TOKEN: ADMIN,
    });
    env = { OPSDECK_URL: server.url, OPSDECK_TOKEN: ADMIN };
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
  });

  it('prints the report as tables with humanized durations', async () => {
    const run = await cli([...RANGE, '--tz', 'UTC']);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.split('\n').map((l) => l.replace(/\s+/g, ' ').trim());
    expect(lines[0]).toBe('Incidents opened from 2025-01-01 00:00 to 2025-03-01 00:00 (UTC)');
    expect(lines).toContain('incidents: 3, 2 response breaches');
    expect(lines).toContain('by status: triggered 1, resolved 1, closed 1');
    expect(lines).toContain('post-mortems: 0 (0 required, 0 published, 0 overdue)');
    expect(lines).toContain('TIME TO COUNT MEAN P50 P90 P95 MAX');
    // 0 60 300: mean 2m, p50 1m, p90 5m.
    expect(lines).toContain('detect 3 2m 1m 5m 5m 5m');
    // 252 1200: mean 726 s.
    expect(lines).toContain('acknowledge 2 12m6s 4m12s 20m 20m 20m');
    // 5400 7380: mean 6390 s.
    expect(lines).toContain('resolve 2 1h46m 1h30m 2h3m 2h3m 2h3m');
    expect(lines).toContain('SEVERITY INCIDENTS BREACHED DETECT ACKNOWLEDGE MITIGATE RESOLVE');
    expect(lines).toContain('P0 0 0 - - - -');
    expect(lines).toContain('P1 2 1 2m30s / 5m 12m6s / 20m 1h46m / 2h3m 1h46m / 2h3m');
    expect(lines).toContain('P3 1 1 1m / 1m - - -');
    expect(lines).toContain('api 2 1 2m30s / 5m 12m6s / 20m 1h46m / 2h3m 1h46m / 2h3m');
    expect(lines).toContain('db 1 1 0s / 0s 20m / 20m 1h30m / 1h30m 1h30m / 1h30m');
    expect(lines).toContain('(none) 1 1 1m / 1m - - -');
    expect(lines).toContain('2025-01 1 0 5m / 5m 4m12s / 4m12s 2h3m / 2h3m 2h3m / 2h3m');
    expect(lines).toContain('Response breaches: 2');
    expect(lines).toContain('ID OPENED SEVERITY RESPOND BY RESPONDED LATE BY TITLE');
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^3 2025-02-20 08:00 P3 2025-02-21 08:00 not yet \d+d\d*h? Incident 3$/,
      ),
    );
    expect(lines).toContain(
      '2 2025-02-05 10:00 P1 2025-02-05 10:15 2025-02-05 10:20 5m Incident 2',
    );
  });

  it('counts months in the server’s time zone unless --tz says otherwise; --json', async () => {
    const run = await cli([...RANGE, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.timezone).toBe('Europe/Madrid');
    expect(report.overall.time_to_acknowledge).toEqual({
      count: 2,
      mean: 726,
      p50: 252,
      p90: 1200,
      p95: 1200,
      max: 1200,
    });
    // March 1, 00:00 UTC is 01:00 in Madrid: the range ends one hour into March.
    expect(report.by_month.map((m: { month: string }) => m.month)).toEqual([
      '2025-01',
      '2025-02',
      '2025-03',
    ]);
  });

  it('names the option or field that is wrong', async () => {
    const from = await cli(['--from', 'yesterday']);
    expect([from.code, from.stderr]).toEqual([
      1,
      "opsdeck: --from: expected an ISO 8601 time or epoch ms, got 'yesterday'\n",
    ]);
    const tz = await cli(['--tz', 'Mars/Olympus']);
    expect([tz.code, tz.stderr]).toEqual([
      1,
      "opsdeck: --tz: expected an IANA time zone like Europe/Madrid, got 'Mars/Olympus'\n",
    ]);
    const order = await cli(['--from', '2025-03-01T00:00:00Z', '--to', '2025-01-01T00:00:00Z']);
    expect(order.code).toBe(1);
    expect(order.stderr).toMatch(/^opsdeck: to: must be after from .*\(validation_failed\)\n$/);
  });
});
