/**
 * Silences: Alertmanager's `silence.Silences` on our storage. Every change is committed (with
 * its audit row) before memory changes and before the caller hears back; reads and `mutedBy`
 * are served from memory. A sweep reloads from storage (so instances sharing PostgreSQL
 * converge) and deletes silences past retention.
 */
import type { AuditContext } from '../../audit/record.js';
import { AppError } from '../../errors.js';
import type { Store } from '../../store/index.js';
import type { CompiledMatcher, Matcher } from '../matchers/matcher.js';
import type { LabelSet } from '../model/labels.js';
import { LiveSet } from './live-set.js';
import * as model from './model.js';
import type {
  Silence,
  SilenceChange,
  SilenceInput,
  SilenceListener,
  SilencesOptions,
  SilenceState,
} from './model.js';
import * as rows from './rows.js';
import { expireSilence, writeSilence } from './mutations.js';
import { validateMatcher, validateSilence } from './validate.js';

/** Alertmanager's `--data.retention` default: expired silences stay listable for 5 days. */
export const DEFAULT_RETENTION_MS = 5 * 86_400_000;
const DEFAULT_SWEEP_MS = 60_000;
/** setTimeout's limit; a later transition is simply re-armed by the next sweep. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class Silences {
  readonly #store: Store;
  readonly #retentionMs: number;
  readonly #sweepMs: number;
  readonly #now: () => number;
  readonly #onError: (error: unknown, what: string) => void;
  readonly #set = new LiveSet();
  readonly #listeners = new Set<SilenceListener>();
  /** Mutations and sweeps run one at a time, so memory follows commit order. */
  #queue: Promise<unknown> = Promise.resolve();
  #started = false;
  #sweepTimer: NodeJS.Timeout | undefined;
  #transitionTimer: NodeJS.Timeout | undefined;
  #lastTick = 0;

  constructor(store: Store, options: SilencesOptions = {}) {
    this.#store = store;
    this.#retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
    this.#sweepMs = options.sweepIntervalMs ?? DEFAULT_SWEEP_MS;
    this.#now = options.now ?? Date.now;
    this.#onError = options.onError ?? (() => {});
  }

  /** Loads every retained silence and starts the sweep. Idempotent. */
  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    await this.#serial(() => this.#reload());
    this.#sweepTimer = setInterval(() => {
      this.sweep().catch((error: unknown) => this.#onError(error, 'silence sweep failed'));
    }, this.#sweepMs);
    this.#sweepTimer.unref();
  }

  /** Stops the timers and waits for the change in flight. Idempotent. */
  async close(): Promise<void> {
    this.#started = false;
    clearInterval(this.#sweepTimer);
    clearTimeout(this.#transitionTimer);
    await this.#queue.catch(() => {});
  }

  /** Calls `listener` after every committed change; returns an unsubscribe function. */
  onChange(listener: SilenceListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  state(s: Pick<Silence, 'startsAt' | 'endsAt'>, now = this.#now()): SilenceState {
    return model.silenceState(s, now);
  }

  /** One silence (expired ones until retention ends); throws not_found. */
  get(id: string): Silence {
    const s = this.#set.get(id);
    if (!s) throw AppError.notFound('silence', id);
    return s;
  }

  /** Silences matching every filter (Alertmanager's list filter) and `state`, AM's order. */
  list(options: { filter?: readonly Matcher[]; state?: SilenceState } = {}): Silence[] {
    const now = this.#now();
    const filters = (options.filter ?? []).map((m, i) => validateMatcher(m, `filter[${i}]`));
    const out: Silence[] = [];
    for (const s of this.#set.all()) {
      if (options.state && model.silenceState(s, now) !== options.state) continue;
      if (model.silenceMatchesFilter(s, filters)) out.push(s);
    }
    return out.sort((a, b) => model.compareSilences(a, b, now));
  }

  /** Ids of the silences active at `now` that mute an alert with `labels`. */
  mutedBy(labels: LabelSet, now = this.#now()): string[] {
    return this.#set.mutedBy(labels, now);
  }

  create(input: Omit<SilenceInput, 'id'>, ctx: AuditContext): Promise<Silence> {
    return this.set({ ...input, id: undefined }, ctx);
  }

  update(id: string, input: Omit<SilenceInput, 'id'>, ctx: AuditContext): Promise<Silence> {
    return this.set({ ...input, id }, ctx);
  }

  /**
   * Alertmanager's `Set`: without `id` a new silence; with one, an in-place update when that
   * keeps history intact (same matchers; an active one keeps its start and does not end in
   * the past; a pending one does not start in the past), otherwise a new silence replacing
   * it, the old one expired if still running. Resolves with the resulting silence, once
   * committed.
   */
  set(input: SilenceInput, ctx: AuditContext): Promise<Silence> {
    return this.#serial(async () => {
      const now = this.#now();
      const valid = validateSilence(input, now);
      const changed = await this.#store.db
        .transaction()
        .execute((trx) => writeSilence(trx, valid, now, ctx));
      this.#apply(changed, now, valid.compiled);
      return changed[0]!;
    });
  }

  /** Ends a silence now (a pending one starts and ends now). Expiring an expired one fails. */
  expire(id: string, ctx: AuditContext): Promise<Silence> {
    return this.#serial(async () => {
      const now = this.#now();
      const expired = await this.#store.db
        .transaction()
        .execute((trx) => expireSilence(trx, id, now, ctx));
      this.#apply([expired], now);
      return expired;
    });
  }

  /** Deletes silences past retention, re-reads storage and drops expired ones from memory. */
  sweep(): Promise<void> {
    return this.#serial(async () => {
      await rows.deleteEndedBefore(this.#store.db, this.#now() - this.#retentionMs);
      await this.#reload();
    });
  }

  async #reload(): Promise<void> {
    const now = this.#now();
    const loaded = await rows.selectRetained(this.#store.db, now - this.#retentionMs);
    const changed = this.#set.replaceAll(loaded, now);
    changed.push(...this.#set.dropExpired(now));
    this.#afterChange(changed, now);
  }

  #apply(changed: Silence[], now: number, compiled?: CompiledMatcher[]): void {
    changed.forEach((s, i) => this.#set.put(s, now, i === 0 ? compiled : undefined));
    this.#afterChange(
      changed.map((s) => s.id),
      now,
    );
  }

  /** Re-arms the one timer that drops expired silences and announces starts and ends. */
  #afterChange(ids: string[], now: number): void {
    this.#lastTick = now;
    clearTimeout(this.#transitionTimer);
    const next = this.#set.nextTransition(now);
    if (next !== undefined && this.#started) {
      this.#transitionTimer = setTimeout(
        () => this.#tick(),
        Math.min(Math.max(next - now, 0), MAX_TIMER_MS),
      );
      this.#transitionTimer.unref();
    }
    if (ids.length > 0) this.#emit({ ids: [...new Set(ids)] });
  }

  #tick(): void {
    const now = this.#now();
    const ids = [...this.#set.startedBetween(this.#lastTick, now), ...this.#set.dropExpired(now)];
    this.#afterChange(ids, now);
  }

  #emit(change: SilenceChange): void {
    for (const listener of this.#listeners) {
      try {
        listener(change);
      } catch (error) {
        this.#onError(error, 'silence listener failed');
      }
    }
  }

  #serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work);
    this.#queue = run.catch(() => {});
    return run;
  }
}
