/**
 * Escalation survives kill -9: the first step pages, Opsdeck dies before the second step is
 * due, and after a restart the second step pages exactly once and the first is not repeated,
 * on both databases.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { startServer, type RunningServer } from '../support/cli.js';
import { writeConfigFile } from '../support/app.js';
import { until } from '../support/until.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

const TOKEN = 'paging-crash-admin-token-0123456789abcdefgh';

describeEachDialect('escalation survives kill -9', (ctx) => {
  const servers: RunningServer[] = [];
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    for (const s of servers) await s.stop('SIGKILL');
    await receiver?.close();
  });

  it('pages the next step once after a restart, and never repeats the first', async () => {
    const config = writeConfigFile(`
people:
  alice: { name: Alice, notify: { default: [first] } }
  carol: { name: Carol, notify: { default: [second] } }
channels:
  first: { type: webhook, url: "${receiver.url}/first" }
  second: { type: webhook, url: "${receiver.url}/second" }
escalation_policies:
  default:
    steps:
      - notify: [person:alice]
      - { after: 2s, notify: [person:carol] }
routes:
  group_wait: 0s
  routes: [{ matchers: ['severity="P1"'], escalation: default }]
`);
    const args = ['--config', config, '--storage', ctx.url];
    const env = { OPSDECK_ADMIN_TOKEN: TOKEN };
    const first = await startServer(args, env);
    servers.push(first);
    const res = await fetch(`${first.url}/api/v2/alerts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify([{ labels: { alertname: 'Down', severity: 'P1' } }]),
    });
    expect(res.status).toBe(200);
    const at = (path: string) => receiver.received.filter((r) => r.path === path);
    await until(() => at('/first').length === 1);
    // This test is about the escalation timer, not the outbox's crash window (a delivery whose
    // outcome was not committed is sent again: at least once, see test/notify/recovery).
    await until(async () => {
      const rows = await ctx.store().db.selectFrom('notifications').select('status').execute();
      return rows.length === 1 && rows[0]!.status === 'delivered';
    });
    await first.stop('SIGKILL');

    await new Promise((r) => setTimeout(r, 2_500)); // the second step falls due while down
    expect(at('/second')).toHaveLength(0);
    const second = await startServer(args, env);
    servers.push(second);
    await until(() => at('/second').length === 1, 10_000);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(at('/second')).toHaveLength(1);
    expect(at('/first')).toHaveLength(1);
    const body = at('/second')[0]!.body as {
      event: string;
      incident: { id: number; step: number };
    };
    expect(body).toMatchObject({ event: 'incident.escalated', incident: { step: 1 } });
  });
});
