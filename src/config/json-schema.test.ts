import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DURATION_PATTERN } from './duration.js';
import { OPS_SCHEMA_ID, opsJsonSchema, type JsonSchema } from './json-schema.js';
import { ID_PATTERN } from './schema/primitives.js';

const COMMITTED = fileURLToPath(new URL('../../schema/ops.schema.json', import.meta.url));

describe('opsJsonSchema', () => {
  const schema = opsJsonSchema();

  it('is a draft 2020-12 schema with an id and a title', () => {
    expect(schema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: OPS_SCHEMA_ID,
      title: 'Opsdeck configuration',
      type: 'object',
      additionalProperties: false,
    });
    expect(Object.keys(schema.properties ?? {})).toEqual([
      'server',
      'severities',
      'people',
      'teams',
      'schedules',
      'escalation_policies',
      'oncall',
      'incidents',
      'services',
      'channels',
      'integrations',
      'monitoring',
      'metrics',
      'alert_rules',
      'alerts',
      'routes',
      'time_intervals',
      'inhibit_rules',
      'maintenance_windows',
      'status_pages',
    ]);
  });

  it('describes the input side: durations are strings, defaults as written', () => {
    const severities = schema.properties?.severities as JsonSchema;
    const severity = severities.additionalProperties as JsonSchema;
    expect(severity.properties?.respond_within).toMatchObject({
      type: 'string',
      pattern: DURATION_PATTERN,
      title: 'duration',
    });
    expect(severities.default).toMatchObject({ P0: { respond_within: '15m' } });
    expect(severities.propertyNames).toMatchObject({ pattern: ID_PATTERN });
  });

  it('matches the committed schema/ops.schema.json', () => {
    const expected = `${JSON.stringify(schema, null, 2)}\n`;
    const committed = readFileSync(COMMITTED, 'utf8');
    expect(
      committed === expected,
      'schema/ops.schema.json is out of date: run `npm run docs`',
    ).toBe(true);
  });
});
