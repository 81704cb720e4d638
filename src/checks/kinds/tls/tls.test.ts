import { X509Certificate } from 'node:crypto';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tlsCheckSchema } from '../../../config/schema/checks/tls.js';
import { testCerts, type TestCert, type TestCerts } from '../../../../test/support/certs.js';
import {
  runProbe,
  startHttp,
  startRaw,
  startTls,
  type Target,
} from '../../../../test/support/http-targets.js';
import { Agent } from 'undici';
import { tlsProber } from './index.js';

const dispatcher = new Agent();
const servers: Target[] = [];
const hung: Socket[] = [];
let certs: TestCerts;

function check(input: Record<string, unknown>) {
  return tlsProber.compile(tlsCheckSchema.parse({ host: '127.0.0.1', ...input }), {
    baseDir: certs.dir,
    dispatcher,
  });
}

async function serve(cert: TestCert, chain = false): Promise<Target> {
  const target = await startTls({
    key: cert.key,
    cert: chain ? `${cert.cert.trim()}\n${certs.ca.cert}` : cert.cert,
  });
  servers.push(target);
  return target;
}

const iso = (pem: string, field: 'validTo' | 'validFrom') =>
  new Date(new X509Certificate(pem)[field]).toISOString();

beforeAll(async () => {
  certs = await testCerts();
});

afterAll(async () => {
  for (const socket of hung) socket.destroy();
  await Promise.all(servers.map((s) => s.close()));
  await dispatcher.close();
});

describe('tls checks', () => {
  it('is up for a certificate signed by the given CA, with its details', async () => {
    const target = await serve(certs.leaf);
    const result = await runProbe(check({ port: target.port, ca: 'ca.crt' }));
    const x509 = new X509Certificate(certs.leaf.cert);
    expect(result).toMatchObject({
      status: 'up',
      reason: null,
      certExpiresAt: Date.parse(x509.validTo),
      details: {
        expires_at: iso(certs.leaf.cert, 'validTo'),
        valid_from: iso(certs.leaf.cert, 'validFrom'),
        days_left: 89,
        subject: 'CN=localhost',
        issuer: 'CN=Opsdeck Test CA',
        fingerprint256: x509.fingerprint256,
      },
    });
    expect(check({ host: 'localhost', port: 8443 }).target).toBe('localhost:8443');
  });

  it('is down or degraded for a certificate expiring in 3 days', async () => {
    const target = await serve(certs.expiringSoon);
    expect(await runProbe(check({ port: target.port, ca: 'ca.crt' }))).toMatchObject({
      status: 'down',
      reason: 'certificate expires in 3 days (fail below 7)',
      details: { days_left: 3 },
    });
    const warn = check({ port: target.port, ca: 'ca.crt', fail_days: 1, warn_days: 30 });
    expect(await runProbe(warn)).toMatchObject({
      status: 'degraded',
      reason: 'certificate expires in 3 days (warn below 30)',
    });
  });

  it('is down for an expired certificate, naming the date', async () => {
    const target = await serve(certs.expired);
    const result = await runProbe(check({ port: target.port, ca: 'ca.crt' }));
    expect(result).toMatchObject({
      status: 'down',
      reason: `certificate expired on ${iso(certs.expired.cert, 'validTo')}`,
    });
  });

  it('is down for a certificate for another host, unless verify_hostname is off', async () => {
    const target = await serve(certs.wrongHost);
    expect(
      await runProbe(check({ host: 'localhost', port: target.port, ca: 'ca.crt' })),
    ).toMatchObject({
      status: 'down',
      reason: 'certificate does not match host localhost',
    });
    const sni = check({ port: target.port, ca: 'ca.crt', servername: 'wrong.example' });
    expect((await runProbe(sni)).status).toBe('up');
    const lax = check({
      host: 'localhost',
      port: target.port,
      ca: 'ca.crt',
      verify_hostname: false,
    });
    expect((await runProbe(lax)).status).toBe('up');
  });

  it('reports an untrusted chain, unless verify_chain is off', async () => {
    const self = await serve(certs.selfSigned);
    expect(await runProbe(check({ port: self.port }))).toMatchObject({
      status: 'down',
      reason: 'certificate chain: DEPTH_ZERO_SELF_SIGNED_CERT',
    });
    const chained = await serve(certs.leaf, true);
    expect(await runProbe(check({ port: chained.port }))).toMatchObject({
      status: 'down',
      reason: 'certificate chain: SELF_SIGNED_CERT_IN_CHAIN',
    });
    expect((await runProbe(check({ port: self.port, verify_chain: false }))).status).toBe('up');
  });

  it('reports a server that does not speak TLS', async () => {
    const http = await startHttp((_req, res) => res.end('plain'));
    servers.push(http);
    expect(await runProbe(check({ port: http.port }))).toMatchObject({
      status: 'down',
      reason: 'TLS handshake failed: wrong version number (not a TLS server?)',
    });
    const closer = await startRaw((socket) => socket.once('data', () => socket.destroy()));
    servers.push(closer);
    expect(await runProbe(check({ port: closer.port }))).toMatchObject({
      status: 'down',
      reason: 'connection closed during TLS handshake',
    });
  });

  it('times out on a silent server and reports a refused port', async () => {
    const silent = await startRaw((socket) => hung.push(socket));
    servers.push(silent);
    const started = performance.now();
    expect(await runProbe(check({ port: silent.port }), 300)).toMatchObject({
      status: 'down',
      reason: 'timeout after 300ms',
    });
    expect(performance.now() - started).toBeLessThan(450);
    const gone = await startRaw(() => {});
    await gone.close();
    expect(await runProbe(check({ port: gone.port }))).toMatchObject({
      status: 'down',
      reason: `connect ECONNREFUSED 127.0.0.1:${gone.port}`,
    });
  });

  it('refuses an unreadable CA file at compile time', () => {
    expect(() => check({ port: 443, ca: 'nope.pem' })).toThrow(
      'tls.ca: cannot read CA file nope.pem: no such file',
    );
  });
});
