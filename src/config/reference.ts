/**
 * The markdown configuration reference, generated from the JSON Schema (itself generated from
 * the zod schema), so the docs cannot drift from what the loader accepts.
 */
import { opsJsonSchema, type JsonSchema } from './json-schema.js';

type Schema = JsonSchema;

/**
 * Name of the README region holding the reference, between `<!-- config-reference:start -->`
 * and `<!-- config-reference:end -->` (written by `npm run docs`).
 */
export const CONFIG_REFERENCE_REGION = 'config-reference';

function asSchema(value: unknown): Schema | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Schema)
    : undefined;
}

/** The schema of a map's values, for `{propertyNames, additionalProperties}` objects. */
function mapValues(schema: Schema): Schema | undefined {
  return schema.type === 'object' && !schema.properties
    ? asSchema(schema.additionalProperties)
    : undefined;
}

function code(value: unknown): string {
  return `\`${typeof value === 'string' ? value : JSON.stringify(value)}\``;
}

/** A short type name: titles of shared primitives ("duration", "person id") come first. */
function typeName(schema: Schema | undefined): string {
  if (!schema) return 'any';
  if (schema.title) return schema.title;
  if (schema.const !== undefined) return code(schema.const);
  if (schema.enum) return schema.enum.map(code).join(' or ');
  const union = schema.oneOf ?? schema.anyOf;
  if (union) return union.map(typeName).join(' or ');
  if (schema.type === 'array') return `list of ${typeName(asSchema(schema.items))}`;
  const values = mapValues(schema);
  if (values) return `map of ${values.properties ? 'objects' : typeName(values)}`;
  const bounded = (n: number | undefined) =>
    n !== undefined && Math.abs(n) < Number.MAX_SAFE_INTEGER;
  if (schema.type === 'integer' && bounded(schema.minimum) && bounded(schema.maximum)) {
    return `integer ${schema.minimum}–${schema.maximum}`;
  }
  return Array.isArray(schema.type) ? schema.type.join(' or ') : (schema.type ?? 'any');
}

function defaultText(schema: Schema): string {
  if (schema.default === undefined) return '';
  const text = JSON.stringify(schema.default);
  return text.length > 30 ? 'see description' : code(schema.default);
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

/**
 * A markdown table with padded columns, exactly as prettier prints it, so the README region
 * stays byte-identical to this output after `prettier --write`.
 */
function alignedTable(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) =>
    Math.max(h.length, 3, ...rows.map((r) => (r[i] ?? '').length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

/** Objects one level down that deserve their own table (nested settings, lists of objects). */
function nestedObject(schema: Schema): Schema | undefined {
  if (schema.properties) return schema;
  const inner = asSchema(schema.items) ?? mapValues(schema);
  return inner?.properties ? inner : undefined;
}

function table(schema: Schema, heading: string, level: number, out: string[]): void {
  const required = new Set(schema.required ?? []);
  const rows: string[][] = [];
  const nested: [string, Schema][] = [];
  for (const [key, value] of Object.entries(schema.properties ?? {})) {
    const field = asSchema(value) ?? {};
    const isRequired = required.has(key) ? 'yes' : 'no';
    rows.push(
      [code(key), typeName(field), defaultText(field), isRequired, field.description ?? ''].map(
        cell,
      ),
    );
    const inner = nestedObject(field);
    if (inner) nested.push([`${heading}.${key}`, inner]);
  }
  out.push(...alignedTable(['Key', 'Type', 'Default', 'Required', 'Description'], rows), '');
  for (const [name, inner] of nested) objectSection(name, inner, level + 1, out);
}

function objectSection(name: string, schema: Schema, level: number, out: string[]): void {
  out.push(`${'#'.repeat(Math.min(level, 6))} \`${name}\``, '');
  if (schema.description) out.push(schema.description, '');
  table(schema, name, level, out);
}

function section(key: string, schema: Schema, out: string[]): void {
  out.push(`### \`${key}\``, '');
  if (schema.description) out.push(schema.description, '');
  const values = mapValues(schema);
  const kinds = values?.oneOf ?? values?.anyOf;
  if (values && kinds) {
    const names = kinds.map((kind) => code(asSchema(kind.properties?.type)?.const ?? '?'));
    out.push(`Each entry is an object whose \`type\` is one of: ${names.join(', ')}.`, '');
    for (const kind of kinds) {
      const type = asSchema(kind.properties?.type)?.const;
      objectSection(`${key}.<id> (type: ${String(type)})`, kind, 4, out);
    }
  } else if (values?.properties) {
    out.push(`A map from id to an object with these keys:`, '');
    table(values, `${key}.<id>`, 3, out);
  } else if (schema.properties) {
    table(schema, key, 3, out);
  } else if (asSchema(schema.items)?.properties) {
    out.push(`A list of objects with these keys:`, '');
    table(asSchema(schema.items)!, `${key}[]`, 3, out);
  } else {
    out.push(`Type: ${typeName(schema)}.`, '');
  }
}

/** Renders the configuration reference as markdown (`###` per top-level key). */
export function renderConfigReference(): string {
  const root = opsJsonSchema();
  const out: string[] = [];
  if (root.description) out.push(root.description, '');
  out.push(
    'Durations are written like `30s`, `5m`, `1h30m`, `7d`, `1w`; byte sizes like `512KiB`, `1MiB`, `2MB`.',
    'Any value may use `${VAR}` or `${VAR:-default}` to read the environment (`$${` for a literal `${`).',
    '',
  );
  for (const [key, value] of Object.entries(root.properties ?? {})) {
    const schema = asSchema(value);
    if (schema) section(key, schema, out);
  }
  return out.join('\n').trimEnd() + '\n';
}
