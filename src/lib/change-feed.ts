/**
 * What changed, as it happens: domains publish after their commit, `/api/v1/events` streams it
 * to browsers and scripts as server-sent events. Event ids are `<boot>.<n>`: `n` grows by one
 * per change, `boot` names this process, so a client that reconnects with `Last-Event-ID`
 * gets what it missed from the last `capacity` changes, or is told to reload its state when
 * those are gone or the id is another process's.
 *
 * Scope: one process. Several instances on one PostgreSQL each stream their own changes.
 */

export interface Change {
  /** Monotonic within this process. */
  id: number;
  /** `<boot>.<id>`, the SSE event id. */
  eventId: string;
  /** e.g. `incident.opened`, `incident.updated`. */
  type: string;
  /** Epoch ms. */
  at: number;
  data: unknown;
}

export type ChangeListener = (change: Change) => void;

export class ChangeFeed {
  readonly #ring: Change[] = [];
  readonly #listeners = new Set<ChangeListener>();
  #next = 1;
  readonly #boot = Date.now().toString(36) + Math.floor(Math.random() * 1296).toString(36);

  constructor(private readonly capacity = 1_000) {}

  /** The event id of the last change published (a client starting now has seen it). */
  get lastEventId(): string {
    return `${this.#boot}.${this.#next - 1}`;
  }

  publish(type: string, data: unknown, at: number = Date.now()): Change {
    const id = this.#next++;
    const change: Change = { id, eventId: `${this.#boot}.${id}`, type, at, data };
    this.#ring.push(change);
    if (this.#ring.length > this.capacity) this.#ring.shift();
    for (const listener of this.#listeners) {
      try {
        listener(change);
      } catch {
        // A listener's failure (a closed socket) must not stop the others or the publisher.
      }
    }
    return change;
  }

  /**
   * Changes after the event `lastEventId` still held, or null when some of them are gone or
   * the id is not this process's (the client must reload its state).
   */
  since(lastEventId: string): Change[] | null {
    const dot = lastEventId.lastIndexOf('.');
    const lastId = Number(lastEventId.slice(dot + 1));
    if (lastEventId.slice(0, dot) !== this.#boot || !Number.isSafeInteger(lastId)) return null;
    if (lastId >= this.#next - 1) return lastId === this.#next - 1 ? [] : null;
    const oldest = this.#ring[0];
    if (!oldest || oldest.id > lastId + 1) return null;
    return this.#ring.filter((c) => c.id > lastId);
  }

  subscribe(listener: ChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get subscribers(): number {
    return this.#listeners.size;
  }
}
