/** Callers waiting for a notification's next outcome (`waitFor`), woken after its commit. */
export class Waiters {
  readonly #byId = new Map<string, Set<() => void>>();

  /**
   * Resolves at the next `signal(id)` or after `ms`. Register before reading the state the
   * caller waits on, so an outcome committed in between is not missed.
   */
  wait(id: string, ms: number): { woken: Promise<void>; cancel(): void } {
    let wake!: () => void;
    const woken = new Promise<void>((resolve) => {
      wake = () => {
        clearTimeout(timer);
        const set = this.#byId.get(id);
        set?.delete(wake);
        if (set?.size === 0) this.#byId.delete(id);
        resolve();
      };
    });
    const timer = setTimeout(wake, ms);
    timer.unref();
    let set = this.#byId.get(id);
    if (!set) this.#byId.set(id, (set = new Set()));
    set.add(wake);
    return { woken, cancel: wake };
  }

  signal(id: string): void {
    const set = this.#byId.get(id);
    if (set) for (const wake of [...set]) wake();
  }

  signalAll(): void {
    for (const id of [...this.#byId.keys()]) this.signal(id);
  }
}
