/**
 * Defensive readers over the merged, not-yet-validated data. Cross-reference checks use them so
 * they can run even when the schema found problems elsewhere, and report everything at once.
 */
export type RawMap = Record<string, unknown>;

/** True for a YAML mapping (not a list, not null). */
export function isRawMap(value: unknown): value is RawMap {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The `[id, entry]` pairs of a map section whose entries are mappings. */
export function mapEntries(data: unknown, section: string): [string, RawMap][] {
  const map = isRawMap(data) ? data[section] : undefined;
  if (!isRawMap(map)) return [];
  return Object.entries(map).filter((entry): entry is [string, RawMap] => isRawMap(entry[1]));
}

/** The ids defined in a map section. */
export function sectionIds(data: unknown, section: string): string[] {
  const map = isRawMap(data) ? data[section] : undefined;
  return isRawMap(map) ? Object.keys(map) : [];
}

/** The `[index, text]` string items of a list field (other items are the schema's business). */
export function stringItems(value: unknown): [number, string][] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item, index): [number, string][] =>
    typeof item === 'string' ? [[index, item]] : [],
  );
}
