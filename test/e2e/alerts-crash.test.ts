/**
 * Acknowledged alerts and silences survive a crash: every batch answered 200 — while more
 * batches are still in flight when Opsdeck is killed with SIGKILL — is there after a restart,
 * with the same fingerprints, on both databases.
 */
import { afterAll, expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { startServer, type RunningServer } from '../support/cli.js';
import { writeConfigFile } from '../support/app.js';
import { until } from '../support/until.js';

const TOKEN = 'crash-test-admin-token-0123456789abcdefghij';
const KEY = 'crash-prom-key-0123456789';
const CONFIG = `
integrations:
  prom: { type: alertmanager, key: ${KEY} }
`;
const BATCHES = 400;
const PER_BATCH = 64;

describeEachDialect('alerts survive kill -9', (ctx) => {
  const servers: RunningServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.stop('SIGKILL');
  });

  it('keeps every alert answered 200 and every silence answered 200', async () => {
    const config = writeConfigFile(CONFIG);
    const env = { OPSDECK_ADMIN_TOKEN: TOKEN };
    const first = await startServer(['--config', config, '--storage', ctx.url], env);
    servers.push(first);
    const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    const silence = await fetch(`${first.url}/api/v2/silences`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        matchers: [{ name: 'batch', value: '0', isRegex: false, isEqual: true }],
        startsAt: new Date().toISOString(),
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
        createdBy: 'crash test',
        comment: 'must survive',
      }),
    });
    expect(silence.status).toBe(200);
    const { silenceID } = (await silence.json()) as { silenceID: string };

    const acknowledged = new Set<string>();
    const post = async (b: number) => {
      const alerts = Array.from({ length: PER_BATCH }, (_, i) => ({
        labels: { alertname: 'Crash', batch: String(b), i: String(i) },
      }));
      const res = await fetch(`${first.url}/api/v2/alerts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify(alerts),
      }).catch(() => undefined);
      if (res?.status === 200) for (const a of alerts) acknowledged.add(`${b}/${a.labels.i}`);
    };
    // Four senders, one batch after another; the kill lands once a few batches are
    // acknowledged, while others are being written.
    let next = 0;
    const sender = async () => {
      while (next < BATCHES) await post(next++);
    };
    const inflight = Array.from({ length: 4 }, sender);
    await until(() => acknowledged.size >= 4 * PER_BATCH, 10_000);
    expect((await first.stop('SIGKILL')).code).toBeNull();
    await Promise.all(inflight);

    const second = await startServer(['--config', config, '--storage', ctx.url], env);
    servers.push(second);
    const res = await fetch(`${second.url}/api/v2/alerts?filter=alertname%3D"Crash"`, {
      headers: auth,
    });
    const stored = new Set(
      ((await res.json()) as Array<{ labels: Record<string, string> }>).map(
        (a) => `${a.labels.batch}/${a.labels.i}`,
      ),
    );
    expect(acknowledged.size).toBeLessThan(BATCHES * PER_BATCH); // the kill came mid-stream
    const lost = [...acknowledged].filter((k) => !stored.has(k));
    expect(lost, `${acknowledged.size} acknowledged`).toEqual([]);
    const kept = await fetch(`${second.url}/api/v2/silence/${silenceID}`, { headers: auth });
    expect(kept.status).toBe(200);
    expect(((await kept.json()) as { comment: string }).comment).toBe('must survive');
  });
});
