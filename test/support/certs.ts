/**
 * Certificates for TLS tests, made at test time (EC P-256 keys, a few ms each) with the
 * `selfsigned` package and written as PEM files into a temp directory, so checks can name them
 * as files. `testCerts()` makes one set per test process.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { makeTempDir } from './temp-dir.js';

export interface TestCert {
  cert: string;
  key: string;
  /** Absolute paths of the PEM files. */
  certPath: string;
  keyPath: string;
}

export interface TestCerts {
  /** Folder holding every PEM file (use as a check's baseDir). */
  dir: string;
  /** Test CA (self-signed, CA:TRUE). */
  ca: TestCert;
  /** Signed by `ca` for localhost and 127.0.0.1, valid 90 days. */
  leaf: TestCert;
  /** Self-signed for localhost and 127.0.0.1. */
  selfSigned: TestCert;
  /** Signed by `ca`, expired yesterday. */
  expired: TestCert;
  /** Signed by `ca`, expires in 3 days and 1 hour (3 whole days left). */
  expiringSoon: TestCert;
  /** Signed by `ca` for wrong.example only. */
  wrongHost: TestCert;
  /** Client certificate signed by `ca` (clientAuth). */
  client: TestCert;
}

const DAY = 86_400_000;
const HOST_NAMES = [
  { type: 2 as const, value: 'localhost' },
  { type: 7 as const, ip: '127.0.0.1' },
];

interface Options {
  cn: string;
  signer?: TestCert;
  isCa?: boolean;
  names?: { type: 2 | 7; value?: string; ip?: string }[];
  from?: number;
  to?: number;
  client?: boolean;
}

async function make(dir: string, file: string, o: Options): Promise<TestCert> {
  const now = Date.now();
  const pems = await generate([{ name: 'commonName', value: o.cn }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(o.from ?? now - DAY),
    notAfterDate: new Date(o.to ?? now + 90 * DAY),
    ca: o.signer ? { key: o.signer.key, cert: o.signer.cert } : undefined,
    extensions: o.isCa
      ? [
          { name: 'basicConstraints', cA: true, critical: true },
          { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true },
        ]
      : [
          { name: 'basicConstraints', cA: false },
          { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
          { name: 'extKeyUsage', serverAuth: !o.client, clientAuth: !!o.client },
          ...(o.names ? [{ name: 'subjectAltName' as const, altNames: o.names }] : []),
        ],
  });
  const certPath = join(dir, `${file}.crt`);
  const keyPath = join(dir, `${file}.key`);
  writeFileSync(certPath, pems.cert);
  writeFileSync(keyPath, pems.private);
  return { cert: pems.cert, key: pems.private, certPath, keyPath };
}

async function makeAll(): Promise<TestCerts> {
  const dir = makeTempDir('opsdeck-certs-');
  const now = Date.now();
  const ca = await make(dir, 'ca', { cn: 'Opsdeck Test CA', isCa: true });
  const signed = (file: string, o: Omit<Options, 'signer'>) =>
    make(dir, file, { ...o, signer: ca });
  const [leaf, selfSigned, expired, expiringSoon, wrongHost, client] = await Promise.all([
    signed('leaf', { cn: 'localhost', names: HOST_NAMES }),
    make(dir, 'self-signed', { cn: 'localhost', names: HOST_NAMES }),
    signed('expired', { cn: 'localhost', names: HOST_NAMES, from: now - 30 * DAY, to: now - DAY }),
    signed('expiring', { cn: 'localhost', names: HOST_NAMES, to: now + 3 * DAY + 3_600_000 }),
    signed('wrong-host', { cn: 'wrong.example', names: [{ type: 2, value: 'wrong.example' }] }),
    signed('client', { cn: 'opsdeck-probe', client: true }),
  ]);
  return { dir, ca, leaf, selfSigned, expired, expiringSoon, wrongHost, client };
}

let cached: Promise<TestCerts> | undefined;

/** The test certificates (made once per test process). */
export function testCerts(): Promise<TestCerts> {
  cached ??= makeAll();
  return cached;
}
