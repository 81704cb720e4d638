import { DueQueue } from './due-queue.js';

/**
 * One timer for many due times: keeps a DueQueue and a single setTimeout armed for the
 * earliest entry. When it fires, every due key is handed to `onDue` in due order. Work that
 * `onDue` starts is its own business; the timer only keeps time.
 *
 * `resolutionMs` trades a little punctuality for far fewer timers: entries due within that
 * window of the armed time wait for it rather than re-arming (20,000 checks every 30 s are
 * 667 distinct due times a second; at 10 ms they cost at most 100 wake-ups).
 */
export class DueTimer<K> {
  readonly #queue = new DueQueue<K>();
  #timer: NodeJS.Timeout | undefined;
  /** Armed instead of a timer when the earliest entry is already due (no 1 ms timer floor). */
  #immediate: NodeJS.Immediate | undefined;
  #armedFor = Infinity;
  #running = false;

  constructor(
    private readonly onDue: (key: K, due: number) => void,
    private readonly resolutionMs = 0,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.#queue.size;
  }

  start(): void {
    this.#running = true;
    this.#arm();
  }

  stop(): void {
    this.#running = false;
    clearTimeout(this.#timer);
    clearImmediate(this.#immediate);
    this.#timer = undefined;
    this.#immediate = undefined;
    this.#armedFor = Infinity;
  }

  set(key: K, due: number): void {
    this.#queue.set(key, due);
    if (due < this.#armedFor - this.resolutionMs) this.#arm();
  }

  delete(key: K): void {
    this.#queue.delete(key);
  }

  has(key: K): boolean {
    return this.#queue.has(key);
  }

  dueOf(key: K): number | undefined {
    return this.#queue.dueOf(key);
  }

  #arm(): void {
    if (!this.#running) return;
    const next = this.#queue.peekDue();
    clearTimeout(this.#timer);
    clearImmediate(this.#immediate);
    this.#timer = undefined;
    this.#immediate = undefined;
    this.#armedFor = next ?? Infinity;
    if (next === undefined) return;
    if (this.resolutionMs === 0 && next <= this.now()) {
      // Due now (an alert group with group_wait 0): setTimeout would add at least 1 ms.
      this.#immediate = setImmediate(() => this.#fire());
      this.#immediate.unref?.();
      return;
    }
    // setTimeout caps at ~24.8 days; re-arming on wake-up handles longer waits.
    const delay = Math.min(Math.max(this.resolutionMs, next - this.now()), 2 ** 31 - 1);
    this.#timer = setTimeout(() => this.#fire(), delay);
    this.#timer.unref?.();
  }

  #fire(): void {
    this.#timer = undefined;
    this.#immediate = undefined;
    this.#armedFor = Infinity;
    // Entries due within the resolution are taken now: a few ms early beats a wake-up each.
    const now = this.now() + this.resolutionMs / 2;
    for (let item = this.#queue.popDue(now); item; item = this.#queue.popDue(now)) {
      this.onDue(item.key, item.due);
      if (!this.#running) return;
    }
    this.#arm();
  }
}
