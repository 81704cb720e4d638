/** Derives how each top-level key merges from the schema, so new sections need no loader change. */
import type { z } from 'zod';
import { opsConfigSchema } from '../schema/index.js';
import type { SectionKind } from './merge.js';

/** Looks through wrappers (optional, defaults, transforms) to the schema that parses input. */
function inputSchema(schema: z.core.$ZodType): z.core.$ZodType {
  const def = schema._zod.def;
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
      return inputSchema((def as z.core.$ZodOptionalDef).innerType);
    case 'pipe':
      return inputSchema((def as z.core.$ZodPipeDef).in);
    default:
      return schema;
  }
}

/** `map` for maps of ids, `list` for lists, `single` for anything else (and unknown keys). */
export function sectionKind(section: string): SectionKind {
  const shape: Record<string, z.core.$ZodType> = opsConfigSchema.shape;
  const schema = Object.hasOwn(shape, section) ? shape[section] : undefined;
  if (!schema) return 'single';
  const type = inputSchema(schema)._zod.def.type;
  return type === 'record' ? 'map' : type === 'array' ? 'list' : 'single';
}
