/**
 * Opens incidents in batches: every open asked for while a transaction runs joins the next
 * one, so a burst of new alert groups (1,000 at once when a region fails) costs a few commits
 * rather than one commit, and one fsync, each. When a batch fails (another instance opened
 * one of its groups first: the open-key unique index), each open is retried alone, so one
 * conflict never costs the others their page.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../store/schema.js';

import type { Opened } from './open.js';

/** Largest batch: bounds a transaction's length while a burst drains. */
const MAX_BATCH = 200;

interface Queued<R> {
  request: R;
  resolve: (opened: Opened) => void;
  reject: (error: unknown) => void;
}

export class OpenBatcher<R> {
  readonly #queue: Queued<R>[] = [];
  #draining: Promise<void> | undefined;

  constructor(
    private readonly db: () => Kysely<Database>,
    private readonly openIn: (trx: Transaction<Database>, request: R) => Promise<Opened>,
  ) {}

  /** Resolves once the incident is committed; rejects when its open failed on its own. */
  open(request: R): Promise<Opened> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ request, resolve, reject });
      this.#draining ??= this.#drain().finally(() => (this.#draining = undefined));
    });
  }

  /** Waits for every queued open (close). */
  async settled(): Promise<void> {
    await this.#draining;
  }

  async #drain(): Promise<void> {
    // One turn of the event loop lets the opens of the same dispatcher flush join.
    await new Promise((r) => setImmediate(r));
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, MAX_BATCH);
      try {
        const opened = await this.db()
          .transaction()
          .execute(async (trx) => {
            const out: Opened[] = [];
            for (const q of batch) out.push(await this.openIn(trx, q.request));
            return out;
          });
        batch.forEach((q, i) => q.resolve(opened[i]!));
      } catch {
        for (const q of batch) await this.#alone(q);
      }
    }
  }

  async #alone(q: Queued<R>): Promise<void> {
    try {
      q.resolve(
        await this.db()
          .transaction()
          .execute((trx) => this.openIn(trx, q.request)),
      );
    } catch (error) {
      // The caller tells a lost race (an open incident exists) from a real failure.
      q.reject(error);
    }
  }
}
