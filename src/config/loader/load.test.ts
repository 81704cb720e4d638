import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../errors.js';
import { writeTree } from '../testing.js';
import { loadConfig } from './load.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/ops.yaml', import.meta.url));
const MIN = 60_000;

describe('loadConfig', () => {
  it('loads examples/ops.yaml with no environment variables set', async () => {
    const { config, files, hash } = await loadConfig(EXAMPLE, {});
    expect(files).toEqual([EXAMPLE]);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(config.services)).toEqual([
      'web',
      'api',
      'worker',
      'postgres',
      'redis',
      'opsdeck',
    ]);
    // Every check kind appears in the example.
    const kinds = new Set(
      Object.values(config.services).flatMap((s) => Object.values(s.checks).map((c) => c.kind)),
    );
    expect([...kinds].sort()).toEqual([
      'command',
      'dns',
      'heartbeat',
      'http',
      'postgres',
      'redis',
      'tcp',
      'tls',
    ]);
    expect(config.services.api?.depends_on).toEqual(['postgres', 'redis']);
    expect(Object.keys(config.people)).toEqual(['alice', 'bob', 'carol', 'dave', 'erin']);
    expect(config.teams.sre?.lead).toBe('carol');
    expect(Object.keys(config.severities)).toEqual(['P0', 'P1', 'P2', 'P3']);
    expect(config.channels['ops-slack']).toMatchObject({ type: 'slack' });
    expect(config.integrations.prometheus?.type).toBe('alertmanager');
  });

  it('fills the handbook severities when the key is omitted', async () => {
    const dir = writeTree({ 'ops.yaml': 'people: {}\n' });
    const { config } = await loadConfig(dir, {});
    expect(config.severities).toEqual({
      P0: {
        title: 'Critical',
        respond_within: 15 * MIN,
        page: true,
        postmortem_within: 48 * 60 * MIN,
      },
      P1: { title: 'High', respond_within: 15 * MIN, page: true, postmortem_within: 48 * 60 * MIN },
      P2: { title: 'Medium', respond_within: 60 * MIN, page: false },
      P3: { title: 'Low', respond_within: 24 * 60 * MIN, page: false },
    });
  });

  it('keeps severities in the order written (most severe first)', async () => {
    const dir = writeTree({
      'ops.yaml': [
        'severities:',
        '  SEV3: { title: Minor, respond_within: 4h }',
        '  SEV1: { title: Major, respond_within: 5m, page: true }',
        '  SEV2: { title: Moderate, respond_within: 30m }',
      ].join('\n'),
    });
    const { config } = await loadConfig(dir, {});
    expect(Object.keys(config.severities)).toEqual(['SEV3', 'SEV1', 'SEV2']);
    expect(config.severities.SEV1).toEqual({ title: 'Major', respond_within: 5 * MIN, page: true });
  });

  it('applies defaults: service name, lists, labels, body limit', async () => {
    const dir = writeTree({
      'ops.yaml': 'services:\n  api: {}\n  web: { name: Web, depends_on: [api] }\n',
    });
    const { config } = await loadConfig(dir, {});
    expect(config.services.api).toEqual({
      name: 'api',
      depends_on: [],
      runbooks: [],
      labels: {},
      checks: {},
    });
    expect(config.services.web?.name).toBe('Web');
    expect(config.server).toEqual({ body_limit: 1_048_576 });
    expect(config.people).toEqual({});
  });

  it.each([
    ['512KiB', 524_288],
    ['2MB', 2_000_000],
    ['2048', 2048],
  ])('parses body_limit %s into bytes', async (text, bytes) => {
    const dir = writeTree({ 'ops.yaml': `server: { body_limit: ${text} }\n` });
    expect((await loadConfig(dir, {})).config.server.body_limit).toBe(bytes);
  });

  it('accepts an empty file as an empty config', async () => {
    const dir = writeTree({ 'ops.yaml': '# nothing yet\n' });
    const { config } = await loadConfig(dir, {});
    expect(config.services).toEqual({});
    expect(Object.keys(config.severities)).toHaveLength(4);
  });

  it('deep-freezes the config', async () => {
    const { config } = await loadConfig(EXAMPLE, {});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.services.api?.depends_on)).toBe(true);
    expect(() => (config.services.api?.depends_on as string[]).push('x')).toThrow(TypeError);
  });

  it('hashes the normalized config, not its formatting', async () => {
    const block = writeTree({
      'ops.yaml':
        '# comment\nservices:\n  api:\n    depends_on:\n      - db\n  db: {}\nseverities:\n  P1: { title: High, respond_within: 60m }\n',
    });
    const flow = writeTree({
      'a.yaml': 'severities: { P1: { title: High, respond_within: 1h } }\n',
      'b.yaml': 'services: { api: { depends_on: [db] }, db: {} }\n',
    });
    const changed = writeTree({ 'ops.yaml': 'services: { api: { depends_on: [] }, db: {} }\n' });
    const [a, b, c] = await Promise.all([block, flow, changed].map((dir) => loadConfig(dir, {})));
    expect(a?.hash).toBe(b?.hash);
    expect(a?.hash).not.toBe(c?.hash);
  });

  it('throws config_invalid with a count and ConfigIssue details', async () => {
    const dir = writeTree({ 'ops.yaml': 'services:\n  api: { tier: 9, nmae: x }\n' });
    const error: unknown = await loadConfig(dir, {}).catch((e: unknown) => e);
    expect(isAppError(error)).toBe(true);
    if (!isAppError(error)) return;
    expect(error.code).toBe('config_invalid');
    expect(error.message).toBe('2 errors in config');
    expect(error.details).toEqual([
      {
        file: `${dir}/ops.yaml`,
        line: 2,
        col: 16,
        path: 'services.api.tier',
        message: 'must be at most 4',
      },
      {
        file: `${dir}/ops.yaml`,
        line: 2,
        col: 19,
        path: 'services.api.nmae',
        message: "unknown key 'nmae' (did you mean 'name'?)",
      },
    ]);
  });

  it('reports a missing path and a folder without YAML files', async () => {
    const dir = writeTree({ 'notes.txt': 'hi' });
    await expect(loadConfig(`${dir}/nope.yaml`, {})).rejects.toMatchObject({
      message: '1 error in config',
      details: [
        { file: `${dir}/nope.yaml`, line: 0, col: 0, path: '', message: 'no such file or folder' },
      ],
    });
    await expect(loadConfig(dir, {})).rejects.toMatchObject({
      details: [{ file: dir, message: 'no .yaml or .yml files in this folder' }],
    });
  });
});
