import { writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { makeTempDir } from '../support/temp-dir.js';
import { afterEach, expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { SAMPLE_CONFIG, writeConfigFile } from '../support/app.js';
import { startServer, runCli, type RunningServer } from '../support/cli.js';

const ADMIN = 'test-admin-token-0123456789abcdefghijklmnop';

describeEachDialect('opsdeck up (real process)', (ctx) => {
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.stop('SIGKILL');
    server = undefined;
  });

  const get = async (path: string, token?: string) => {
    const res = await fetch(
      server!.url + path,
      token ? { headers: { authorization: `Bearer ${token}` } } : {},
    );
    return { status: res.status, text: await res.text() };
  };

  it('prints where it listens, is ready, prints a bootstrap token once, and stops cleanly on SIGTERM', async () => {
    const config = writeConfigFile(SAMPLE_CONFIG);
    server = await startServer(['--config', config, '--storage', ctx.url]);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await get('/readyz')).status).toBe(200);
    const token = /^\s+(odk_\S+)$/m.exec(server.output().stderr)?.[1];
    expect(token, server.output().stderr).toBeDefined();
    const services = await get('/api/v1/services', token);
    expect(services.status).toBe(200);
    expect(JSON.parse(services.text).items).toHaveLength(3);
    const stopped = await server.stop('SIGTERM');
    expect(stopped.code).toBe(0);
    expect(stopped.ms).toBeLessThan(10_000);

    server = await startServer(['--config', config, '--storage', ctx.url]);
    expect(server.output().stderr).not.toMatch(/odk_/);
    expect((await server.stop('SIGINT')).code).toBe(0);
  });

  it('drains on SIGTERM: a request still arriving completes before the process exits 0', async () => {
    server = await startServer(['--config', writeConfigFile(SAMPLE_CONFIG), '--storage', ctx.url], {
      OPSDECK_ADMIN_TOKEN: ADMIN,
    });
    const body = JSON.stringify({ name: 'drained', role: 'viewer' });
    const { port } = new URL(server.url);
    const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/v1/tokens',
          headers: {
            authorization: `Bearer ${ADMIN}`,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 5));
      // The rest of the body arrives after SIGTERM.
      setTimeout(() => req.end(body.slice(5)), 500);
    });
    await new Promise((r) => setTimeout(r, 100));
    const stopping = server.stop('SIGTERM');
    const res = await response;
    expect(res.status, res.text).toBe(201);
    expect(JSON.parse(res.text).token.name).toBe('drained');
    const stopped = await stopping;
    expect(stopped.code).toBe(0);
    expect(stopped.ms).toBeLessThan(10_000);
  }, 30_000);

  it('reloads on SIGHUP: a broken config is reported and the running one kept; a fixed one applies', async () => {
    const config = writeConfigFile(SAMPLE_CONFIG);
    server = await startServer(['--config', config, '--storage', ctx.url], {
      OPSDECK_ADMIN_TOKEN: ADMIN,
    });
    writeFileSync(config, SAMPLE_CONFIG + '  extra: { tier: seven }\n');
    server.child.kill('SIGHUP');
    await server.waitForOutput((text) => text.includes('config reload failed'));
    expect(server.output().stdout).toContain('services.extra.tier');
    expect((await get('/metrics')).text).toMatch(/^opsdeck_config_last_reload_success 0$/m);
    expect(JSON.parse((await get('/api/v1/services', ADMIN)).text).items).toHaveLength(3);

    writeFileSync(config, SAMPLE_CONFIG + '  extra: { tier: 3 }\n');
    server.child.kill('SIGHUP');
    await server.waitForOutput((text) => text.includes('"msg":"config reloaded"'));
    expect((await get('/metrics')).text).toMatch(/^opsdeck_config_last_reload_success 1$/m);
    expect(JSON.parse((await get('/api/v1/services', ADMIN)).text).items).toHaveLength(4);
    expect((await server.stop()).code).toBe(0);
  }, 60_000);

  it('exits 1 with a clear message, no stack trace, for a bad config', async () => {
    const config = writeConfigFile('services:\n  api:\n    depends_on: [postgress]\n');
    const res = await runCli([
      'up',
      '--listen',
      '127.0.0.1:0',
      '--config',
      config,
      '--storage',
      ctx.url,
    ]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`${config}:3:18: services.api.depends_on[0]:`);
    expect(res.stderr).not.toMatch(/^\s+at /m);
  });
});

it('exits 1 with a clear message when the port is taken', async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const { port } = blocker.address() as AddressInfo;
  try {
    const storage = `sqlite:${join(makeTempDir('opsdeck-port-'), 'db.sqlite')}`;
    const res = await runCli([
      'up',
      '--listen',
      `127.0.0.1:${port}`,
      '--config',
      writeConfigFile(SAMPLE_CONFIG),
      '--storage',
      storage,
    ]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(
      `opsdeck: cannot listen on 127.0.0.1:${port}: address already in use`,
    );
  } finally {
    blocker.close();
  }
});

it('exits 1 with a clear message when storage is unreachable', async () => {
  const config = writeConfigFile(SAMPLE_CONFIG);
  const res = await runCli([
    'up',
    '--listen',
    '127.0.0.1:0',
    '--config',
    config,
    '--storage',
    'postgres://opsdeck:s3cret@127.0.0.1:1/opsdeck',
  ]);
  expect(res.code).toBe(1);
  expect(res.stderr).toMatch(
    /cannot connect to storage postgres:\/\/opsdeck:\*\*\*@127\.0\.0\.1:1\/opsdeck/,
  );
  expect(res.stderr).not.toContain('s3cret');
  expect(res.stderr).not.toMatch(/^\s+at /m);
});
