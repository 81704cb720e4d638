/**
 * A loop of maintenance steps, each run in turn every `intervalMs` (the next round starts
 * after the previous one ended, so rounds never overlap). A failing step is logged and the
 * others still run. The timer does not keep the process alive.
 */
export class Sweeper {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = false;

  constructor(
    private readonly intervalMs: number,
    private readonly steps: ReadonlyArray<readonly [name: string, run: () => Promise<void>]>,
    private readonly onError: (step: string, error: unknown) => void,
  ) {}

  start(): void {
    if (this.#stopped || this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#running = this.#round().finally(() => {
        this.#running = undefined;
        this.#timer = undefined;
        this.start();
      });
    }, this.intervalMs);
    this.#timer.unref();
  }

  /** Stops the loop; resolves once a round in progress has ended. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
  }

  async #round(): Promise<void> {
    for (const [name, run] of this.steps) {
      if (this.#stopped) return;
      try {
        await run();
      } catch (error) {
        this.onError(name, error);
      }
    }
  }
}
