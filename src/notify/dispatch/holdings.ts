import { ChannelQueue, type ChannelQueueHooks } from './channel-queue.js';
import type { Held } from './rows.js';

/**
 * The rows this instance owns (status `sending` under its lease), each waiting in its
 * channel's queue until attempted. One queue per channel id, made on first use.
 */
export class Holdings {
  readonly #held = new Map<string, Held>();
  readonly #queues = new Map<string, ChannelQueue<Held>>();
  #stopped = false;

  constructor(private readonly hooks: (channel: string) => ChannelQueueHooks<Held>) {}

  get size(): number {
    return this.#held.size;
  }

  /** Every owned row by id (lease renewal reads and updates them). */
  get all(): ReadonlyMap<string, Held> {
    return this.#held;
  }

  /** Takes ownership of `h` and queues it; a row held already only gets the fresh lease. */
  hold(h: Held): void {
    const known = this.#held.get(h.id);
    if (known) {
      // Claimed again (our lease had run out): the fresh row is the truth for what is queued.
      known.lease = h.lease;
      if (known.state === 'queued') known.attempts = h.attempts;
      return;
    }
    this.#held.set(h.id, h);
    this.#queueFor(h.channel).push(h);
  }

  /** Forgets a row (its outcome is being written, or it was let go). */
  forget(id: string): void {
    this.#held.delete(id);
  }

  /** Takes the queued rows that match `pick` off their queues and forgets them. */
  drop(pick: (h: Held) => boolean): Held[] {
    const dropped: Held[] = [];
    for (const queue of this.#queues.values())
      for (const h of queue.remove(pick)) {
        this.#held.delete(h.id);
        dropped.push(h);
      }
    return dropped;
  }

  /** Starts no more attempts; rows in flight finish on their own. */
  stop(): void {
    this.#stopped = true;
    for (const queue of this.#queues.values()) queue.stop();
  }

  /** Forgets every queued row and returns them (close hands them back to storage). */
  takeQueued(): Held[] {
    const queued = [...this.#held.values()].filter((h) => h.state === 'queued');
    this.#held.clear();
    return queued;
  }

  #queueFor(channel: string): ChannelQueue<Held> {
    let queue = this.#queues.get(channel);
    if (!queue) {
      queue = new ChannelQueue<Held>(this.hooks(channel));
      if (this.#stopped) queue.stop();
      this.#queues.set(channel, queue);
    }
    return queue;
  }
}
