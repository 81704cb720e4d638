/**
 * Acknowledged incident writes survive a crash: declarations, notes and status moves answered
 * 2xx — while more are in flight when Opsdeck is killed with SIGKILL — are all there after a
 * restart, on both databases.
 */
import { afterAll, expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { startServer, type RunningServer } from '../support/cli.js';
import { writeConfigFile } from '../support/app.js';
import { until } from '../support/until.js';

const TOKEN = 'crash-test-admin-token-0123456789abcdefghij';
const CONFIG = `
services:
  api: {}
`;
const INCIDENTS = 200;

describeEachDialect('incident writes survive kill -9', (ctx) => {
  const servers: RunningServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.stop('SIGKILL');
  });

  it('keeps every declaration, note and move answered 2xx', async () => {
    const config = writeConfigFile(CONFIG);
    const env = { OPSDECK_ADMIN_TOKEN: TOKEN };
    const first = await startServer(['--config', config, '--storage', ctx.url], env);
    servers.push(first);
    const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    const post = (url: string, path: string, body: object) =>
      fetch(`${url}/api/v1/incidents${path}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
      }).catch(() => undefined);

    /** Title → what was acknowledged for it. */
    const acknowledged = new Map<string, { id: number; notes: number; identified: boolean }>();
    let next = 0;
    const sender = async () => {
      while (next < INCIDENTS) {
        const title = `crash ${next++}`;
        const res = await post(first.url, '', { title, severity: 'P3', services: ['api'] });
        if (res?.status !== 201) continue;
        const entry = {
          id: ((await res.json()) as { id: number }).id,
          notes: 0,
          identified: false,
        };
        acknowledged.set(title, entry);
        for (let n = 0; n < 3; n++) {
          const note = await post(first.url, `/${entry.id}/notes`, { body: `note ${n}` });
          if (note?.status !== 200) return;
          entry.notes++;
        }
        const moved = await post(first.url, `/${entry.id}/status`, { status: 'identified' });
        if (moved?.status !== 200) return;
        entry.identified = true;
      }
    };
    const inflight = Array.from({ length: 4 }, sender);
    await until(() => acknowledged.size >= 20, 15_000);
    expect((await first.stop('SIGKILL')).code).toBeNull();
    await Promise.all(inflight);
    expect(acknowledged.size).toBeLessThan(INCIDENTS); // the kill came mid-stream

    const second = await startServer(['--config', config, '--storage', ctx.url], env);
    servers.push(second);
    for (const [title, entry] of acknowledged) {
      const res = await fetch(`${second.url}/api/v1/incidents/${entry.id}`, { headers });
      expect(res.status, title).toBe(200);
      const shown = (await res.json()) as {
        title: string;
        status: string;
        timeline: { kind: string }[];
      };
      expect(shown.title).toBe(title);
      expect(shown.timeline.filter((e) => e.kind === 'note').length, title).toBeGreaterThanOrEqual(
        entry.notes,
      );
      if (entry.identified) expect(shown.status, title).toBe('identified');
    }
  });
});
