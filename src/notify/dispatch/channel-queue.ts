import { TokenBucket } from './token-bucket.js';

export interface QueueLimits {
  concurrency: number;
  rateLimit: { max: number; perMs: number } | null;
}

export interface ChannelQueueHooks<T> {
  /** The channel's limits now (read at each pump, so a reload applies); undefined: channel gone. */
  limits(): QueueLimits | undefined;
  /** Delivers one item; must not reject. */
  run(item: T): Promise<void>;
  /** The channel left the config: these items were taken off the queue, unattempted. */
  gone(items: T[]): void;
  now(): number;
}

/**
 * One channel's FIFO with its own concurrency cap and token bucket. Each channel has its own
 * queue, so a slow or dead receiver only ever holds up its own notifications.
 */
export class ChannelQueue<T> {
  #items: T[] = [];
  #head = 0;
  #inFlight = 0;
  #bucket: TokenBucket | undefined;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(private readonly hooks: ChannelQueueHooks<T>) {}

  /** Items waiting (not in flight). */
  get size(): number {
    return this.#items.length - this.#head;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  push(item: T): void {
    this.#items.push(item);
    this.pump();
  }

  /** Takes the waiting items that match `pick` off the queue and returns them. */
  remove(pick: (item: T) => boolean): T[] {
    const removed: T[] = [];
    const kept: T[] = [];
    for (let i = this.#head; i < this.#items.length; i++) {
      const item = this.#items[i]!;
      (pick(item) ? removed : kept).push(item);
    }
    this.#items = kept;
    this.#head = 0;
    return removed;
  }

  /** Waiting items, oldest first. */
  waiting(): T[] {
    return this.#items.slice(this.#head);
  }

  /** Starts as many deliveries as the limits allow. */
  pump(): void {
    if (this.#stopped || this.#timer) return;
    const limits = this.hooks.limits();
    if (!limits) {
      const items = this.remove(() => true);
      if (items.length) this.hooks.gone(items);
      return;
    }
    while (this.size > 0 && this.#inFlight < limits.concurrency) {
      const bucket = this.#bucketFor(limits);
      const now = this.hooks.now();
      if (bucket && !bucket.take(now)) {
        this.#timer = setTimeout(() => {
          this.#timer = undefined;
          this.pump();
        }, bucket.waitMs(now));
        this.#timer.unref();
        return;
      }
      this.#start(this.#shift());
    }
  }

  /** Starts nothing more; deliveries in flight finish on their own. */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #shift(): T {
    const item = this.#items[this.#head]!;
    this.#head++;
    // Compact now and then, so a long-lived queue does not keep every item it ever held.
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }

  #start(item: T): void {
    this.#inFlight++;
    void this.hooks.run(item).finally(() => {
      this.#inFlight--;
      this.pump();
    });
  }

  #bucketFor(limits: QueueLimits): TokenBucket | undefined {
    const rate = limits.rateLimit;
    if (!rate) return (this.#bucket = undefined);
    if (this.#bucket?.max !== rate.max || this.#bucket.perMs !== rate.perMs)
      this.#bucket = new TokenBucket(rate.max, rate.perMs, this.hooks.now());
    return this.#bucket;
  }
}
