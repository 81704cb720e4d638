import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { loadErrors, writeTree } from '../../src/config/testing.js';
import { writeConfigFile } from '../support/app.js';

/** The load errors of a one-file config, as `line:col: path: message`. */
async function errorsOf(yaml: string): Promise<string[]> {
  const lines = await loadErrors(writeTree({ 'ops.yaml': yaml }));
  return lines.map((line) => line.replace(/^ops\.yaml:/, ''));
}

const service = (check: string) => `services:\n  api:\n    checks:\n      health: ${check}\n`;

describe('check config errors', () => {
  it('reports each mistake with its position and path', async () => {
    expect(await errorsOf(service('{ htttp: { url: "http://x" } }'))).toEqual([
      expect.stringMatching(/^4:\d+: services\.api\.checks\.health: needs one check kind/),
      "4:17: services.api.checks.health.htttp: unknown key 'htttp' (did you mean 'http'?)",
    ]);
    expect(await errorsOf(service('{ every: 30s }'))).toEqual([
      expect.stringMatching(
        /^4:\d+: services\.api\.checks\.health: needs one check kind: http, tcp, dns, tls, postgres, redis, command, heartbeat$/,
      ),
    ]);
    expect(
      await errorsOf(service('{ http: { url: "http://x" }, tcp: { host: x, port: 1 } }')),
    ).toEqual([
      expect.stringMatching(/has several check kinds \(http, tcp\); declare one per check$/),
    ]);
    expect(await errorsOf(service('{ http: { url: "ftp://x" } }'))).toEqual([
      expect.stringMatching(
        /^4:\d+: services\.api\.checks\.health\.http\.url: expected an http\(s\) URL/,
      ),
    ]);
    expect(await errorsOf(service('{ http: { url: "http://x" }, every: 0s }'))).toEqual([
      expect.stringMatching(/services\.api\.checks\.health\.every: must be greater than 0/),
    ]);
    expect(await errorsOf(service('{ http: { url: "http://x" }, every: -5s }'))).toEqual([
      expect.stringMatching(/services\.api\.checks\.health\.every: expected a duration/),
    ]);
    expect(await errorsOf(service('{ http: { url: "http://x" }, every: 500ms }'))).toEqual([
      expect.stringMatching(/services\.api\.checks\.health\.every: must be at least 1s/),
    ]);
    expect(
      await errorsOf(service('{ http: { url: "http://x" }, every: 10s, timeout: 30s }')),
    ).toEqual([
      expect.stringMatching(
        /services\.api\.checks\.health\.timeout: must not be longer than `every`/,
      ),
    ]);
    expect(
      await errorsOf(
        service('{ http: { url: "http://x", expect: { status: [700], json: ["status == 1"] } } }'),
      ),
    ).toEqual([
      expect.stringMatching(/health\.http\.expect\.status\[0\]: expected a status code/),
      expect.stringMatching(/health\.http\.expect\.json\[0\]: expected a path starting with \$/),
    ]);
    expect(await errorsOf(service('{ tcp: { host: x, port: 70000 } }'))).toEqual([
      expect.stringMatching(/health\.tcp\.port: expected a port number from 1 to 65535/),
    ]);
    expect(await errorsOf(service('{ heartbeat: { uuid: nope, period: 1d } }'))).toEqual([
      expect.stringMatching(/health\.heartbeat\.uuid: expected a UUID/),
    ]);
    expect(
      await errorsOf(
        service(
          '{ heartbeat: { uuid: 5bf6a7f4-1a4c-4d2f-9a8e-0b8c2d1e3f40, cron: "61 * * * *" } }',
        ),
      ),
    ).toEqual([expect.stringMatching(/health\.heartbeat\.cron: invalid cron expression/)]);
    expect(
      await errorsOf(
        service('{ heartbeat: { uuid: 5bf6a7f4-1a4c-4d2f-9a8e-0b8c2d1e3f40 }, every: 1m }'),
      ),
    ).toEqual([
      expect.stringMatching(
        /^4:28: services\.api\.checks\.health\.heartbeat: set exactly one of `period` and `cron`$/,
      ),
      expect.stringMatching(
        /^4:83: services\.api\.checks\.health\.every: is not used by heartbeat checks/,
      ),
    ]);
    expect(await errorsOf(service('{ command: { run: [] } }'))).toEqual([
      expect.stringMatching(/health\.command\.run: expected the program and its arguments/),
    ]);
    expect(await errorsOf(service('{ tls: { host: x, ca: missing.pem } }'))).toEqual([
      expect.stringMatching(/health\.tls\.ca: file not found/),
    ]);
  });

  it('checks severities and ping uuids across the config', async () => {
    const errors = await errorsOf(`
services:
  a:
    checks:
      one: { heartbeat: { uuid: 5bf6a7f4-1a4c-4d2f-9a8e-0b8c2d1e3f40, period: 1d }, severity: P9 }
  b:
    checks:
      two: { heartbeat: { uuid: 5BF6A7F4-1A4C-4D2F-9A8E-0B8C2D1E3F40, period: 1d } }
`);
    expect(errors).toEqual([
      expect.stringMatching(
        /^5:\d+: services\.a\.checks\.one\.severity: unknown severity 'P9': not defined under severities/,
      ),
      expect.stringMatching(
        /^8:\d+: services\.b\.checks\.two\.heartbeat\.uuid: same uuid as services\.a\.checks\.one; ping uuids must be unique$/,
      ),
    ]);
  });

  it('fills defaults: 60s interval, 10s timeout capped by the interval, 2 failures to go down', async () => {
    const { config } = await loadConfig(
      writeConfigFile(service('{ http: { url: "http://127.0.0.1/" } }')),
    );
    expect(config.services.api!.checks.health).toMatchObject({
      kind: 'http',
      every: 60_000,
      timeout: 10_000,
      failures_to_down: 2,
      successes_to_up: 1,
      spec: { method: 'GET', follow_redirects: true, expect: { status: [[200, 399]] } },
    });
  });
});
