/** The JSON Schema of ops.yaml, for editors (yaml-language-server, VS Code, IntelliJ). */
import { z } from 'zod';
import { opsConfigSchema } from './schema/index.js';

/** A JSON Schema document. */
export type JsonSchema = z.core.JSONSchema.JSONSchema;

/** Stable identifier of the schema; editors use it as a cache key, it need not resolve. */
export const OPS_SCHEMA_ID = 'https://opsdeck.dev/schema/ops.schema.json';

/**
 * The JSON Schema (draft 2020-12) of the config as written, i.e. the zod schema's input side:
 * durations are strings like `5m`, defaults are shown in their written form.
 */
export function opsJsonSchema(): JsonSchema {
  const generated = z.toJSONSchema(opsConfigSchema, { target: 'draft-2020-12', io: 'input' });
  const { $schema, title, description, ...rest } = generated;
  return { $schema, $id: OPS_SCHEMA_ID, title, description, ...rest };
}
