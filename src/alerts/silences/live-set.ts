/**
 * The in-memory side of silences: every retained silence (for get and list without a database
 * trip), and the not-yet-expired ones with compiled matchers, which is all `mutedBy` scans.
 * Alertmanager keeps its silences in memory the same way.
 */
import type { LabelSet } from '../model/labels.js';
import { matchesAll, type CompiledMatcher } from '../matchers/matcher.js';
import { compileMatcher } from '../matchers/matcher.js';
import { silenceState, type Silence } from './model.js';

interface LiveEntry {
  silence: Silence;
  compiled: CompiledMatcher[];
}

export class LiveSet {
  readonly #all = new Map<string, Silence>();
  /** Pending and active silences; rebuilt as an array on change, scanned on every mutedBy. */
  readonly #live = new Map<string, LiveEntry>();
  #scan: LiveEntry[] = [];

  get(id: string): Silence | undefined {
    return this.#all.get(id);
  }

  all(): IterableIterator<Silence> {
    return this.#all.values();
  }

  get size(): number {
    return this.#all.size;
  }

  /** Adds or replaces `s`; it joins the scanned set unless already expired at `now`. */
  put(s: Silence, now: number, compiled?: CompiledMatcher[]): void {
    this.#all.set(s.id, s);
    if (silenceState(s, now) === 'expired') this.#live.delete(s.id);
    else this.#live.set(s.id, { silence: s, compiled: compiled ?? s.matchers.map(compileMatcher) });
    this.#scan = [...this.#live.values()];
  }

  /** Replaces everything with `silences` (a reload); returns the ids that differ. */
  replaceAll(silences: readonly Silence[], now: number): string[] {
    const changed = new Set<string>();
    const next = new Map(silences.map((s) => [s.id, s]));
    for (const [id, old] of this.#all) {
      const s = next.get(id);
      if (!s || s.updatedAt !== old.updatedAt) changed.add(id);
    }
    for (const id of next.keys()) if (!this.#all.has(id)) changed.add(id);
    for (const id of changed) {
      const s = next.get(id);
      if (s) this.put(s, now);
      else {
        this.#all.delete(id);
        this.#live.delete(id);
      }
    }
    this.#scan = [...this.#live.values()];
    return [...changed];
  }

  /** Drops silences that have expired by `now` from the scanned set; returns their ids. */
  dropExpired(now: number): string[] {
    const dropped: string[] = [];
    for (const [id, entry] of this.#live) {
      if (silenceState(entry.silence, now) === 'expired') {
        this.#live.delete(id);
        dropped.push(id);
      }
    }
    if (dropped.length > 0) this.#scan = [...this.#live.values()];
    return dropped;
  }

  /** Ids of the silences active at `now` whose matchers all match `labels`. */
  mutedBy(labels: LabelSet, now: number): string[] {
    const ids: string[] = [];
    for (const { silence, compiled } of this.#scan) {
      if (now < silence.startsAt || now >= silence.endsAt) continue;
      if (matchesAll(compiled, labels)) ids.push(silence.id);
    }
    return ids;
  }

  /** The next time a scanned silence starts or ends after `now`, if any. */
  nextTransition(now: number): number | undefined {
    let next: number | undefined;
    for (const { silence } of this.#scan) {
      const at = silence.startsAt > now ? silence.startsAt : silence.endsAt;
      if (next === undefined || at < next) next = at;
    }
    return next;
  }

  /** Ids of scanned silences that start in (from, to]: they became active meanwhile. */
  startedBetween(from: number, to: number): string[] {
    return this.#scan
      .filter(({ silence }) => silence.startsAt > from && silence.startsAt <= to)
      .map(({ silence }) => silence.id);
  }
}
