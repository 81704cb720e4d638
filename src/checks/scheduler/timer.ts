import { DueQueue } from './due-queue.js';

/**
 * One timer for many due times: keeps a DueQueue and a single setTimeout armed for the
 * earliest entry. When it fires, every due key is handed to `onDue` in due order. Work that
 * `onDue` starts is its own business; the timer only keeps time.
 */
export class DueTimer<K> {
  readonly #queue = new DueQueue<K>();
  #timer: NodeJS.Timeout | undefined;
  #armedFor = Infinity;
  #running = false;

  constructor(
    private readonly onDue: (key: K, due: number) => void,
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
    this.#timer = undefined;
    this.#armedFor = Infinity;
  }

  set(key: K, due: number): void {
    this.#queue.set(key, due);
    if (due < this.#armedFor) this.#arm();
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
    this.#timer = undefined;
    this.#armedFor = next ?? Infinity;
    if (next === undefined) return;
    // setTimeout caps at ~24.8 days; re-arming on wake-up handles longer waits.
    const delay = Math.min(Math.max(0, next - this.now()), 2 ** 31 - 1);
    this.#timer = setTimeout(() => this.#fire(), delay);
    this.#timer.unref?.();
  }

  #fire(): void {
    this.#timer = undefined;
    this.#armedFor = Infinity;
    const now = this.now();
    for (let item = this.#queue.popDue(now); item; item = this.#queue.popDue(now)) {
      this.onDue(item.key, item.due);
      if (!this.#running) return;
    }
    this.#arm();
  }
}
