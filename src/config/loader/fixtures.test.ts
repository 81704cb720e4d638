import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadErrors } from '../testing.js';
import { loadConfig } from './load.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/config', import.meta.url));

describe('test/fixtures/config', () => {
  it('split/ loads as one config from three files and four documents', async () => {
    const { config, files } = await loadConfig(`${FIXTURES}/split`, {});
    expect(files.map((f) => f.slice(FIXTURES.length + 1))).toEqual([
      'split/10-people.yaml',
      'split/20-services.yaml',
      'split/30-alerting.yml',
    ]);
    expect(Object.keys(config.services)).toEqual(['postgres', 'api', 'web']);
    expect(config.integrations.prometheus?.key).toBe('fixture-key-0123456789');
  });

  it('invalid/ fails with exactly the documented errors', async () => {
    expect(await loadErrors(FIXTURES, `${FIXTURES}/invalid/ops.yaml`)).toEqual([
      "invalid/ops.yaml:7:5: services.api.nmae: unknown key 'nmae' (did you mean 'name'?)",
      "invalid/ops.yaml:8:11: services.api.tier: expected an integer, got 'high'",
      "invalid/ops.yaml:9:12: services.api.owner: unknown person 'alcie': not defined under people (did you mean 'alice'?)",
    ]);
  });
});
