/** Paths into the config (`services.api.depends_on[0]`) in array and printed form. */

/** One step into the config: a map key or a list index. */
export type Segment = string | number;
export type Path = readonly Segment[];

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Prints a path as `a.b[0]`; keys that are not plain identifiers print as `labels["app.kubernetes.io/name"]`. */
export function formatPath(path: Path): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** Converts a zod issue path (which may hold symbols in theory) into our segments. */
export function toPath(path: readonly PropertyKey[]): Segment[] {
  return path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment));
}

/** The value at `path` in plain data, or `undefined` when any step is missing. */
export function valueAt(data: unknown, path: Path): unknown {
  let current = data;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<Segment, unknown>)[segment];
  }
  return current;
}
