/**
 * PostgreSQL goes away under a running Opsdeck: /readyz reports 503 with the reason, API calls
 * answer 503 storage_unavailable (not 500), and everything recovers by itself when the server
 * returns, without restarting Opsdeck.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { PgCluster, postgresBinariesAvailable } from '../support/pg-cluster.js';
import { isCI } from '../support/env.js';
import { createOpsdeck, type Opsdeck } from '../../src/app/index.js';
import { SAMPLE_CONFIG, writeConfigFile } from '../support/app.js';

const ADMIN = 'outage-admin-token-0123456789abcdefghijklmnop';
const available = postgresBinariesAvailable();
if (!available && isCI())
  throw new Error('PostgreSQL binaries are missing in CI; .ci/run must install them');

describe.skipIf(!available)(
  `PostgreSQL outage and recovery${available ? '' : ' — SKIPPED: no PostgreSQL binaries'}`,
  () => {
    let cluster: PgCluster;
    let ops: Opsdeck;
    beforeAll(async () => {
      cluster = await PgCluster.start();
      ops = await createOpsdeck({
        configPath: writeConfigFile(SAMPLE_CONFIG),
        storageUrl: cluster.url,
        adminToken: ADMIN,
        logger: pino({ level: 'silent' }),
      });
    }, 120_000);
    afterAll(async () => {
      await ops?.close();
      await cluster?.stop();
    });

    const readyz = async () => {
      const res = await ops.app.inject('/readyz');
      return { status: res.statusCode, body: res.json() };
    };
    const get = (url: string, token = ADMIN) =>
      ops.app.inject({ url, headers: { authorization: `Bearer ${token}` } });

    it('is ready, turns 503 with the reason while PostgreSQL is down, and recovers by itself', async () => {
      expect((await readyz()).status).toBe(200);
      expect((await get('/api/v1/audit')).statusCode).toBe(200);

      await cluster.pause();
      const down = await readyz();
      expect(down.status).toBe(503);
      expect(down.body.status).toBe('not_ready');
      expect(down.body.checks.config).toBe('ok');
      expect(down.body.reason).toMatch(/^storage: /);
      // Reads that need the database answer 503, not 500; so does checking an unseen token.
      for (const res of [
        await get('/api/v1/audit'),
        await get('/api/v1/me', 'odk_never-seen-before-token'),
      ]) {
        expect(res.statusCode, res.body).toBe(503);
        expect(res.json().error.code).toBe('storage_unavailable');
        expect(res.json().error.message).toMatch(/^storage is unavailable: /);
      }
      // The service catalog is in memory: the API keeps answering what it knows.
      expect((await get('/api/v1/services')).statusCode).toBe(200);

      await cluster.resume();
      const deadline = Date.now() + 20_000;
      while ((await readyz()).status !== 200 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 200));
      expect((await readyz()).status).toBe(200);
      expect((await get('/api/v1/audit')).statusCode).toBe(200);
    }, 90_000);
  },
);
