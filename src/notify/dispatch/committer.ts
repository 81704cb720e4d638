import type { BatchStatement, Store } from '../../store/index.js';
import type { AttemptRow, FinishRow } from './statements.js';

/** Writes to commit together, and what to do once they are committed. */
export interface CommitEntry {
  /** Attempt log rows: inserted with one statement per commit, whatever the number of entries. */
  attempts?: readonly AttemptRow[] | undefined;
  /** Outcome row moves: one bulk UPDATE per commit, before `statements`. */
  finishes?: readonly FinishRow[] | undefined;
  statements: readonly BatchStatement[];
  afterCommit?: (() => void) | undefined;
}

const RETRY_MS = [100, 250, 500, 1_000, 2_000, 5_000];

/**
 * Group commit for the outcome of attempts: every entry added during one turn of the event
 * loop (or during the previous commit) goes into the same transaction, as the alert writer
 * does, so a burst of deliveries costs a few commits, not one per attempt. Batches commit one
 * after the other, in order. A failed commit keeps its entries and tries again with backoff:
 * the rows stay `sending` under this instance's lease meanwhile, so nothing is lost, and the
 * statements are written to be harmless when repeated.
 */
export class Committer {
  #pending: CommitEntry[] = [];
  #flushing: Promise<void> | undefined;
  #retry: NodeJS.Timeout | undefined;
  #failures = 0;

  constructor(
    private readonly store: Pick<Store, 'writeBatch'>,
    private readonly attemptInserts: (rows: readonly AttemptRow[]) => BatchStatement[],
    private readonly onError: (error: unknown, failures: number) => void,
    private readonly finishUpdates: (rows: readonly FinishRow[]) => BatchStatement[] = () => [],
  ) {}

  get pending(): number {
    return this.#pending.length;
  }

  add(entry: CommitEntry): void {
    this.#pending.push(entry);
    this.#kick();
  }

  #kick(): void {
    if (this.#flushing || this.#retry) return;
    this.#flushing = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.#write())
      .finally(() => {
        this.#flushing = undefined;
        if (this.#pending.length > 0 && !this.#retry) this.#kick();
      });
  }

  async #write(): Promise<void> {
    const batch = this.#pending;
    this.#pending = [];
    if (batch.length === 0) return;
    try {
      const attempts = batch.flatMap((e) => e.attempts ?? []);
      const finishes = batch.flatMap((e) => e.finishes ?? []);
      await this.store.writeBatch([
        ...this.attemptInserts(attempts),
        ...this.finishUpdates(finishes),
        ...batch.flatMap((e) => e.statements),
      ]);
    } catch (error) {
      this.#pending = batch.concat(this.#pending);
      this.#failures++;
      this.onError(error, this.#failures);
      const delay = RETRY_MS[Math.min(this.#failures, RETRY_MS.length) - 1]!;
      this.#retry = setTimeout(() => {
        this.#retry = undefined;
        this.#kick();
      }, delay);
      this.#retry.unref();
      return;
    }
    this.#failures = 0;
    for (const entry of batch) entry.afterCommit?.();
  }

  /** Commits what is waiting, trying for at most `timeoutMs`; returns how many entries were left. */
  async close(timeoutMs = 5_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.#flushing) {
        await this.#flushing;
        continue;
      }
      if (this.#pending.length === 0) return 0;
      if (this.#retry) {
        clearTimeout(this.#retry);
        this.#retry = undefined;
        await new Promise((r) => setTimeout(r, Math.min(200, Math.max(0, deadline - Date.now()))));
      }
      this.#kick();
    }
    clearTimeout(this.#retry);
    this.#retry = undefined;
    return this.#pending.length;
  }
}
