/**
 * A min-heap of keys ordered by due time, with O(log n) reschedule and removal by key. Holds
 * every check's next due time so one timer serves them all.
 */
export class DueQueue<K> {
  readonly #keys: K[] = [];
  readonly #due: number[] = [];
  readonly #index = new Map<K, number>();

  get size(): number {
    return this.#keys.length;
  }

  has(key: K): boolean {
    return this.#index.has(key);
  }

  dueOf(key: K): number | undefined {
    const i = this.#index.get(key);
    return i === undefined ? undefined : this.#due[i];
  }

  /** Adds `key`, or moves it if already queued. */
  set(key: K, due: number): void {
    const i = this.#index.get(key);
    if (i === undefined) {
      this.#keys.push(key);
      this.#due.push(due);
      this.#index.set(key, this.#keys.length - 1);
      this.#up(this.#keys.length - 1);
      return;
    }
    const before = this.#due[i]!;
    this.#due[i] = due;
    if (due < before) this.#up(i);
    else this.#down(i);
  }

  delete(key: K): boolean {
    const i = this.#index.get(key);
    if (i === undefined) return false;
    const last = this.#keys.length - 1;
    if (i !== last) this.#move(last, i);
    this.#keys.pop();
    this.#due.pop();
    this.#index.delete(key);
    if (i < this.#keys.length) {
      this.#up(i);
      this.#down(i);
    }
    return true;
  }

  /** Earliest due time, or undefined when empty. */
  peekDue(): number | undefined {
    return this.#due[0];
  }

  /** Removes and returns the earliest key if it is due at or before `now`. */
  popDue(now: number): { key: K; due: number } | undefined {
    if (this.#keys.length === 0 || this.#due[0]! > now) return undefined;
    const key = this.#keys[0]!;
    const due = this.#due[0]!;
    this.delete(key);
    return { key, due };
  }

  #move(from: number, to: number): void {
    this.#keys[to] = this.#keys[from]!;
    this.#due[to] = this.#due[from]!;
    this.#index.set(this.#keys[to], to);
  }

  #swap(a: number, b: number): void {
    const key = this.#keys[a]!;
    const due = this.#due[a]!;
    this.#move(b, a);
    this.#keys[b] = key;
    this.#due[b] = due;
    this.#index.set(key, b);
  }

  #up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.#due[parent]! <= this.#due[i]!) return;
      this.#swap(i, parent);
      i = parent;
    }
  }

  #down(i: number): void {
    const n = this.#keys.length;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) return;
      const right = left + 1;
      const child = right < n && this.#due[right]! < this.#due[left]! ? right : left;
      if (this.#due[i]! <= this.#due[child]!) return;
      this.#swap(i, child);
      i = child;
    }
  }
}
