/**
 * Keyset pagination over an in-memory list sorted by a string key, written straight to JSON
 * (`{"items":[…],"next_cursor":…}`) so hot list routes skip the response serializer. The
 * cursor is the key of the previous page's last item.
 */
import type { FastifyReply } from 'fastify';

export interface KeysetPageQuery {
  limit: number;
  /** Start after this key (the previous page's `next_cursor`). */
  after?: string | undefined;
}

/** Index of the first item whose key sorts after `key` (binary search). */
export function firstIndexAfter<T>(
  sorted: readonly T[],
  keyOf: (item: T) => string,
  key: string,
): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keyOf(sorted[mid]!) <= key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The page of items that pass `keep`, each encoded by `json`, as JSON text. */
export function keysetPageJson<T>(
  sorted: readonly T[],
  query: KeysetPageQuery,
  item: { keyOf(item: T): string; keep(item: T): boolean; json(item: T): string },
): string {
  const start = query.after === undefined ? 0 : firstIndexAfter(sorted, item.keyOf, query.after);
  const items: string[] = [];
  let last: string | undefined;
  let more = false;
  for (let i = start; i < sorted.length; i++) {
    const entry = sorted[i]!;
    if (!item.keep(entry)) continue;
    if (items.length === query.limit) {
      more = true;
      break;
    }
    items.push(item.json(entry));
    last = item.keyOf(entry);
  }
  const next = more && last !== undefined ? JSON.stringify(last) : 'null';
  return `{"items":[${items.join(',')}],"next_cursor":${next}}`;
}

/**
 * Sends JSON the route has already serialized in the shape of its response schema.
 * `as never`: the type provider types send() by the schema, which this text already matches.
 */
export function sendSerialized(reply: FastifyReply, json: string | Buffer): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(json as never);
}
