/**
 * One query per record type through node:dns/promises, and the text form of each answer that
 * `expect.values` is compared with: addresses, names (lower case, no trailing dot), MX as
 * "priority exchange", SRV as "priority weight port target", TXT with its chunks joined, SOA as
 * "nsname hostmaster serial refresh retry expire minttl", CAA as `flags tag "value"`.
 */
import type { Resolver } from 'node:dns/promises';
import net from 'node:net';
import type { DNS_RECORD_TYPES } from '../../../config/index.js';

export type RecordType = (typeof DNS_RECORD_TYPES)[number];

type Query = (resolver: Resolver, name: string) => Promise<string[]>;

const QUERIES: Record<RecordType, Query> = {
  A: (r, name) => r.resolve4(name),
  AAAA: (r, name) => r.resolve6(name),
  CNAME: (r, name) => r.resolveCname(name),
  NS: (r, name) => r.resolveNs(name),
  PTR: (r, name) => (net.isIP(name) ? r.reverse(name) : r.resolvePtr(name)),
  MX: async (r, name) => (await r.resolveMx(name)).map((mx) => `${mx.priority} ${mx.exchange}`),
  TXT: async (r, name) => (await r.resolveTxt(name)).map((chunks) => chunks.join('')),
  SRV: async (r, name) =>
    (await r.resolveSrv(name)).map((s) => `${s.priority} ${s.weight} ${s.port} ${s.name}`),
  SOA: async (r, name) => {
    const s = await r.resolveSoa(name);
    return [
      `${s.nsname} ${s.hostmaster} ${s.serial} ${s.refresh} ${s.retry} ${s.expire} ${s.minttl}`,
    ];
  },
  CAA: async (r, name) =>
    (await r.resolveCaa(name)).map((caa) => {
      const [tag = '', value = ''] = Object.entries(caa).find(([key]) => key !== 'critical') ?? [];
      return `${caa.critical} ${tag} "${String(value)}"`;
    }),
};

/** Runs the query; rejects with Node's resolver errors (`code`: ENOTFOUND, ESERVFAIL, …). */
export async function queryValues(
  resolver: Resolver,
  type: RecordType,
  name: string,
): Promise<string[]> {
  return (await QUERIES[type](resolver, name)).map((value) => normalise(type, value));
}

/**
 * The comparable form of a value, applied to answers and expectations alike: TXT as is,
 * AAAA in canonical form, others token by token in lower case without trailing dots or quotes.
 */
export function normalise(type: RecordType, value: string): string {
  if (type === 'TXT') return value;
  const text = value.trim();
  if (type === 'AAAA' && net.isIPv6(text))
    return new net.SocketAddress({ address: text, family: 'ipv6' }).address;
  return text
    .split(/\s+/)
    .map((token) =>
      token
        .replace(/^"(.*)"$/, '$1')
        .toLowerCase()
        .replace(/(.)\.$/, '$1'),
    )
    .join(' ');
}
