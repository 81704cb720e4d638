import type { Dispatcher } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DnsServer } from '../../../../test/support/dns-server.js';
import type { CheckSpec } from '../../../config/index.js';
import { dnsProber, parseResolver } from './index.js';

const env = { baseDir: process.cwd(), dispatcher: undefined as unknown as Dispatcher };
let server: DnsServer;
let silent: DnsServer;

beforeAll(async () => {
  server = await DnsServer.start({
    records: [
      { name: 'api.example.test', type: 'A', data: '10.0.0.4' },
      { name: 'api.example.test', type: 'A', data: '10.0.0.6' },
      { name: 'api.example.test', type: 'AAAA', data: '2001:db8::1' },
      { name: 'www.example.test', type: 'CNAME', data: 'API.example.test' },
      { name: 'example.test', type: 'MX', data: { preference: 10, exchange: 'mx1.example.test' } },
      { name: 'example.test', type: 'TXT', data: ['v=spf1 ', 'include:_spf.example.test ~all'] },
    ],
    rcodes: { 'broken.example.test': 'SERVFAIL', 'private.example.test': 'REFUSED' },
  });
  silent = await DnsServer.start({ silent: true });
});

afterAll(async () => {
  await server.close();
  await silent.close();
});

type Input = Partial<Omit<CheckSpec<'dns'>, 'expect'>> & {
  expect?: Partial<CheckSpec<'dns'>['expect']>;
};

function run(input: Input, timeoutMs = 2000) {
  const spec: CheckSpec<'dns'> = {
    name: 'api.example.test',
    type: 'A',
    resolver: server.address,
    ...input,
    expect: { rcode: 'NOERROR', values: [], ...input.expect },
  };
  return dnsProber.compile(spec, env).run({ signal: new AbortController().signal, timeoutMs });
}

describe('dns prober', () => {
  it('is up when the A answer includes the expected addresses', async () => {
    const result = await run({ expect: { values: ['10.0.0.6'] } });
    expect(result).toEqual({
      status: 'up',
      reason: null,
      details: { rcode: 'NOERROR', values: ['10.0.0.4', '10.0.0.6'] },
    });
    expect(server.queries.at(-1)).toBe('A api.example.test');
  });

  it('is down when an expected address is missing', async () => {
    const result = await run({ expect: { values: ['10.0.0.5', '10.0.0.4'] } });
    expect(result).toMatchObject({
      status: 'down',
      reason: 'answer lacks 10.0.0.5 (got 10.0.0.4, 10.0.0.6)',
    });
  });

  it('compares AAAA addresses in canonical form', async () => {
    const result = await run({ type: 'AAAA', expect: { values: ['2001:DB8:0:0::1'] } });
    expect(result).toMatchObject({ status: 'up', details: { values: ['2001:db8::1'] } });
  });

  it('compares CNAME targets in lower case without the trailing dot', async () => {
    const result = await run({
      name: 'www.example.test',
      type: 'CNAME',
      expect: { values: ['api.EXAMPLE.test.'] },
    });
    expect(result).toMatchObject({ status: 'up', details: { values: ['api.example.test'] } });
  });

  it('follows CNAMEs for A queries', async () => {
    const result = await run({ name: 'www.example.test', expect: { values: ['10.0.0.4'] } });
    expect(result).toMatchObject({ status: 'up' });
  });

  it('writes MX as "priority exchange" and joins TXT chunks', async () => {
    const mx = await run({
      name: 'example.test',
      type: 'MX',
      expect: { values: ['10 mx1.example.test.'] },
    });
    expect(mx).toMatchObject({ status: 'up', details: { values: ['10 mx1.example.test'] } });
    const txt = await run({ name: 'example.test', type: 'TXT' });
    expect(txt.details).toEqual({
      rcode: 'NOERROR',
      values: ['v=spf1 include:_spf.example.test ~all'],
    });
    const missing = await run({
      name: 'example.test',
      type: 'TXT',
      expect: { values: ['v=DMARC1'] },
    });
    expect(missing.reason).toBe(
      'answer lacks v=DMARC1 (got v=spf1 include:_spf.example.test ~all)',
    );
  });

  it('is down on NXDOMAIN unless NXDOMAIN is expected', async () => {
    expect(await run({ name: 'gone.example.test' })).toEqual({
      status: 'down',
      reason: 'NXDOMAIN (expected NOERROR)',
      details: { rcode: 'NXDOMAIN', values: [] },
    });
    expect(await run({ name: 'gone.example.test', expect: { rcode: 'NXDOMAIN' } })).toMatchObject({
      status: 'up',
      reason: null,
    });
    expect(await run({ expect: { rcode: 'NXDOMAIN' } })).toMatchObject({
      status: 'down',
      reason: 'NOERROR (expected NXDOMAIN)',
    });
  });

  it('reports SERVFAIL and REFUSED', async () => {
    expect((await run({ name: 'broken.example.test' })).reason).toBe('SERVFAIL (expected NOERROR)');
    expect((await run({ name: 'private.example.test' })).reason).toBe('REFUSED (expected NOERROR)');
  });

  it('treats an empty answer as NOERROR with no records', async () => {
    const result = await run({ name: 'example.test', expect: { values: ['10.0.0.4'] } });
    expect(result).toEqual({
      status: 'down',
      reason: 'answer lacks 10.0.0.4 (got no records)',
      details: { rcode: 'NOERROR', values: [] },
    });
  });

  it('times out on a resolver that never answers', async () => {
    const started = Date.now();
    const result = await run({ resolver: silent.address }, 300);
    expect(result).toEqual({ status: 'down', reason: 'resolver timeout after 300ms' });
    expect(silent.queries).toEqual(['A api.example.test']);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('reports a resolver port where nothing listens', async () => {
    const closed = await DnsServer.start();
    const address = closed.address;
    await closed.close();
    expect(await run({ resolver: address })).toEqual({
      status: 'down',
      reason: 'resolver refused the connection',
    });
  });

  it('counts against the resolver and accepts IPv6 resolvers', () => {
    const spec = { name: 'x', type: 'A', expect: { rcode: 'NOERROR', values: [] } } as const;
    expect(
      dnsProber.compile(
        { ...spec, resolver: server.address, expect: { ...spec.expect, values: [] } },
        env,
      ).target,
    ).toBe(server.address);
    expect(
      dnsProber.compile({ ...spec, expect: { ...spec.expect, values: [] } }, env).target,
    ).toBeNull();
    expect(parseResolver('1.1.1.1')).toBe('1.1.1.1:53');
    expect(parseResolver('[::1]:5353')).toBe('[::1]:5353');
    expect(parseResolver('2606:4700::1111')).toBe('[2606:4700::1111]:53');
    expect(() => parseResolver('1.2.3:99999')).toThrow(/not an IP/);
  });
});
