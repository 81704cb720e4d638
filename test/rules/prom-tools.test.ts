/** The tool launcher other suites reuse: Alertmanager starts with a given config and answers. */
import { expect, it } from 'vitest';
import { startAlertmanager } from '../support/prom-tools.js';

it('starts Alertmanager with a given YAML config and stops it', async () => {
  const am = await startAlertmanager(
    'route:\n  receiver: nobody\n  group_by: [alertname]\nreceivers:\n  - name: nobody\n',
  );
  try {
    const res = await fetch(`${am.url}/api/v2/status`);
    const status = (await res.json()) as { config: { original: string } };
    expect(status.config.original).toContain('receiver: nobody');
  } finally {
    await am.stop();
  }
  await expect(fetch(`${am.url}/-/ready`)).rejects.toThrow();
});
