/**
 * Checks feed the alert store: a check going down fires CheckDown with its labels, coming
 * back (here: leaving the config) resolves it.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { until } from '../support/until.js';

const WITH_CHECK = `
services:
  db:
    labels: { tier: data }
    checks:
      port: { every: 1s, failures_to_down: 1, severity: P1, tcp: { host: 127.0.0.1, port: 1 } }
`;
const WITHOUT_CHECK = `
services:
  db: { labels: { tier: data } }
`;

describeEachDialect('check alerts', (ctx) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(ctx.store(), WITH_CHECK);
  });
  afterAll(() => t?.close());

  const alerts = async (state: string) => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/alerts?state=${state}&filter=alertname%3D"CheckDown"`,
      headers: t.auth('viewer'),
    });
    return res.json().items as Array<{ labels: Record<string, string>; severity: string }>;
  };

  it('fires CheckDown with the check’s labels, and resolves it when the check leaves the config', async () => {
    await until(async () => (await alerts('firing')).length === 1, 10_000);
    const [firing] = await alerts('firing');
    expect(firing!.labels).toMatchObject({
      service: 'db',
      check: 'port',
      tier: 'data',
      kind: 'tcp',
    });
    expect(firing!.severity).toBe('P1');

    writeFileSync(t.configPath, WITHOUT_CHECK);
    const res = await t.app.inject({ method: 'POST', url: '/-/reload', headers: t.auth('admin') });
    expect(res.statusCode, res.body).toBe(200);
    expect(await alerts('firing')).toEqual([]);
    expect(await alerts('resolved')).toHaveLength(1);
  });
});
