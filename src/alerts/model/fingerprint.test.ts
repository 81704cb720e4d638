import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fingerprint } from './fingerprint.js';

const FIXTURES = new URL('../../../test/fixtures/alertmanager/', import.meta.url);

describe('fingerprint', () => {
  // prometheus/common model/signature_test.go and labelset_test.go.
  it.each([
    [{}, 'cbf29ce484222325'],
    [{ name: 'garland, briggs', fear: 'love is not enough' }, '507a62d79ee76c9a'],
  ])('matches Prometheus for %j', (labels, expected) => {
    expect(fingerprint(labels)).toBe(expected);
  });

  it('matches the fingerprints Alertmanager 0.25 sent in captured webhooks', () => {
    let seen = 0;
    for (const file of ['webhook-from-prometheus.json', 'webhook-group-of-4.json']) {
      const payload = JSON.parse(readFileSync(new URL(file, FIXTURES), 'utf8')) as {
        alerts: Array<{ labels: Record<string, string>; fingerprint: string }>;
      };
      for (const alert of payload.alerts) {
        expect(fingerprint(alert.labels)).toBe(alert.fingerprint);
        seen++;
      }
    }
    expect(seen).toBe(5);
  });

  it('hashes non-ASCII values as UTF-8 and does not depend on key order', () => {
    const a = fingerprint({ b: 'ünïcødé ✓', a: '1' });
    expect(a).toBe(fingerprint({ a: '1', b: 'ünïcødé ✓' }));
    expect(a).not.toBe(fingerprint({ a: '1', b: 'unicode' }));
    expect(a).toMatch(/^[0-9a-f]{16}$/);
  });

  it('separates names from values (no collisions by concatenation)', () => {
    expect(fingerprint({ ab: 'c' })).not.toBe(fingerprint({ a: 'bc' }));
  });
});
