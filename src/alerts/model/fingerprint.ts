/**
 * Alert fingerprints exactly as Prometheus and Alertmanager compute them
 * (`model.LabelSet.Fingerprint`): FNV-1a 64 over the label names in byte order, each name and
 * value followed by the separator byte 0xff, printed as 16 hex digits. Matching fingerprints
 * mean an alert sent to Opsdeck and to Alertmanager is the same alert in both.
 *
 * 64-bit arithmetic is done on four 16-bit limbs: BigInt costs about 20× more per byte, and
 * this runs for every alert received.
 */
import type { LabelSet } from './labels.js';

const SEPARATOR = 0xff;
const encoder = new TextEncoder();

/** FNV-1a 64 state as four 16-bit limbs, least significant first. */
class Fnv64 {
  h0 = 0x2325;
  h1 = 0x8422;
  h2 = 0x9ce4;
  h3 = 0xcbf2;

  /** h = (h ^ byte) * 0x100000001b3 (mod 2^64); the prime is 2^40 + 0x1b3. */
  byte(b: number): void {
    const h0 = this.h0 ^ b;
    const t0 = h0 * 0x1b3;
    const t1 = this.h1 * 0x1b3 + (t0 >>> 16);
    const t2 = this.h2 * 0x1b3 + (h0 << 8) + (t1 >>> 16);
    this.h3 = (this.h3 * 0x1b3 + (this.h1 << 8) + (t2 >>> 16)) & 0xffff;
    this.h0 = t0 & 0xffff;
    this.h1 = t1 & 0xffff;
    this.h2 = t2 & 0xffff;
  }

  string(s: string): void {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) return this.#utf8(s.slice(i));
      this.byte(c);
    }
  }

  #utf8(rest: string): void {
    for (const b of encoder.encode(rest)) this.byte(b);
  }

  hex(): string {
    return hex4(this.h3) + hex4(this.h2) + hex4(this.h1) + hex4(this.h0);
  }
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}

/** Byte-order comparison of label names (which are ASCII, so UTF-16 order is byte order). */
function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The fingerprint of a label set, e.g. `507a62d79ee76c9a`. */
export function fingerprint(labels: LabelSet): string {
  const names = Object.keys(labels).sort(byName);
  const h = new Fnv64();
  for (const name of names) {
    h.string(name);
    h.byte(SEPARATOR);
    h.string(labels[name]!);
    h.byte(SEPARATOR);
  }
  return h.hex();
}
