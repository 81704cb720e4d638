import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpCheckSchema } from '../../../config/schema/checks/http.js';
import { testCerts, type TestCert, type TestCerts } from '../../../../test/support/certs.js';
import { runProbe, startHttps, type Target } from '../../../../test/support/http-targets.js';
import { AppError } from '../../../errors.js';
import type { Probe } from '../../probe.js';
import { createHttpDispatcher, httpProber } from './index.js';

const dispatcher = createHttpDispatcher();
const probes: Probe[] = [];
const servers: Target[] = [];
let certs: TestCerts;
let leaf: Target;
let clientSeen: string[] = [];

function check(input: Record<string, unknown>) {
  const probe = httpProber.compile(httpCheckSchema.parse(input), {
    baseDir: certs.dir,
    dispatcher,
  });
  probes.push(probe);
  return probe;
}

async function serve(cert: TestCert, extra: object = {}): Promise<Target> {
  const target = await startHttps({ cert: cert.cert, key: cert.key, ...extra }, (req, res) => {
    const peer = (req.socket as TLSSocket).getPeerCertificate();
    if (peer.subject) clientSeen.push(String(peer.subject.CN));
    res.end('secure');
  });
  servers.push(target);
  return target;
}

beforeAll(async () => {
  certs = await testCerts();
  leaf = await serve(certs.leaf);
});

afterAll(async () => {
  await Promise.all(probes.map((p) => p.close?.()));
  await Promise.all(servers.map((s) => s.close()));
  await dispatcher.close();
});

describe('http over TLS', () => {
  it('is up with the CA file and reports the certificate expiry', async () => {
    const result = await runProbe(check({ url: `${leaf.url}/`, tls: { ca: 'ca.crt' } }));
    const expires = Date.parse(
      new (await import('node:crypto')).X509Certificate(certs.leaf.cert).validTo,
    );
    expect(result).toMatchObject({
      status: 'up',
      certExpiresAt: expires,
      details: { status_code: 200, cert_expires_at: new Date(expires).toISOString() },
    });
    const timings = result.details?.timings as Record<string, number>;
    expect(timings.tls).toBeGreaterThan(0);
  });

  it('is down on a self-signed certificate with verify on, up with verify off', async () => {
    const self = await serve(certs.selfSigned);
    expect(await runProbe(check({ url: self.url }))).toMatchObject({
      status: 'down',
      reason: 'self-signed certificate',
    });
    expect((await runProbe(check({ url: self.url, tls: { verify: false } }))).status).toBe('up');
  });

  it('is down on an expired certificate', async () => {
    const expired = await serve(certs.expired);
    const result = await runProbe(check({ url: expired.url, tls: { ca: 'ca.crt' } }));
    expect(result).toMatchObject({ status: 'down', reason: 'certificate has expired' });
  });

  it('is down on a certificate for another host', async () => {
    const wrong = await serve(certs.wrongHost);
    const url = `https://localhost:${wrong.port}/`;
    const result = await runProbe(check({ url, tls: { ca: 'ca.crt' } }));
    expect(result).toMatchObject({
      status: 'down',
      reason: 'certificate does not match host localhost',
    });
  });

  it('presents a client certificate to a server that requires one', async () => {
    const mtls = await serve(certs.leaf, {
      requestCert: true,
      rejectUnauthorized: true,
      ca: certs.ca.cert,
    });
    clientSeen = [];
    const withCert = check({
      url: mtls.url,
      tls: { ca: 'ca.crt', cert: 'client.crt', key: 'client.key' },
    });
    expect((await runProbe(withCert)).status).toBe('up');
    expect(clientSeen).toEqual(['opsdeck-probe']);
    const without = await runProbe(check({ url: mtls.url, tls: { ca: 'ca.crt' } }));
    expect(without.status).toBe('down');
    // TLS 1.3: the server rejects after the client's side of the handshake is done.
    expect(without.reason).toMatch(
      /^(connection closed before response|TLS handshake failed: tlsv13 alert certificate required)$/,
    );
  });

  it('refuses unreadable or invalid TLS files at compile time', () => {
    const compile = (tls: object) => () =>
      httpProber.compile(httpCheckSchema.parse({ url: leaf.url, tls }), {
        baseDir: certs.dir,
        dispatcher,
      });
    expect(compile({ ca: 'missing.pem' })).toThrow(
      new AppError('bad_request', 'http.tls.ca: cannot read CA file missing.pem: no such file'),
    );
    expect(compile({ ca: '.' })).toThrow('http.tls.ca: cannot read CA file .: is a directory');
    expect(compile({ key: 'client.key' })).toThrow('http.tls.key: needs tls.cert as well');
    expect(compile({ cert: 'client.crt', key: 'leaf.key' })).toThrow(
      /^http\.tls: invalid certificate files/,
    );
  });
});
