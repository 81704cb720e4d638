/**
 * A fixed-capacity ring of (timestamp, value) points for one series, oldest overwritten first.
 * Typed arrays keep a series at 17 bytes a point with no per-point objects. Staleness markers
 * (Prometheus writes one when a series disappears) are points flagged in `stale`.
 */
export class PointRing {
  readonly #t: Float64Array;
  readonly #v: Float64Array;
  readonly #stale: Uint8Array;
  #start = 0;
  #size = 0;

  constructor(readonly capacity: number) {
    this.#t = new Float64Array(capacity);
    this.#v = new Float64Array(capacity);
    this.#stale = new Uint8Array(capacity);
  }

  get size(): number {
    return this.#size;
  }

  /** Timestamp of the newest point, or -Infinity when empty. */
  get lastTime(): number {
    return this.#size === 0 ? -Infinity : this.#t[this.#index(this.#size - 1)]!;
  }

  /** True when the newest point is a staleness marker. */
  get lastIsStale(): boolean {
    return this.#size > 0 && this.#stale[this.#index(this.#size - 1)] === 1;
  }

  #index(i: number): number {
    return (this.#start + i) % this.capacity;
  }

  /** Appends a point; false (and nothing stored) when it is not newer than the last one. */
  push(t: number, v: number, stale = false): boolean {
    if (t <= this.lastTime) return false;
    const at = this.#index(this.#size);
    this.#t[at] = t;
    this.#v[at] = v;
    this.#stale[at] = stale ? 1 : 0;
    if (this.#size < this.capacity) this.#size++;
    else this.#start = (this.#start + 1) % this.capacity;
    return true;
  }

  /** The newest point at or before `t` and not before `min`: [t, v, stale], or undefined. */
  latest(min: number, t: number): [number, number, boolean] | undefined {
    for (let i = this.#size - 1; i >= 0; i--) {
      const at = this.#index(i);
      const time = this.#t[at]!;
      if (time > t) continue;
      if (time < min) return undefined;
      return [time, this.#v[at]!, this.#stale[at] === 1];
    }
    return undefined;
  }

  /** The non-stale points with mint ≤ t ≤ maxt, oldest first. */
  between(mint: number, maxt: number): { t: number[]; v: number[] } {
    const t: number[] = [];
    const v: number[] = [];
    for (let i = 0; i < this.#size; i++) {
      const at = this.#index(i);
      const time = this.#t[at]!;
      if (time < mint || this.#stale[at] === 1) continue;
      if (time > maxt) break;
      t.push(time);
      v.push(this.#v[at]!);
    }
    return { t, v };
  }
}
