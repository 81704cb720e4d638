/**
 * The in-memory sample store for local rule evaluation: one bounded ring per series, an index
 * by metric name, and the Querier the evaluator reads. It holds only what rules need: the
 * scraper filters samples before they get here, and points older than the retention (the
 * longest range any rule reads, plus offset and lookback) are overwritten or dropped.
 */
import type { LabelMatcher } from '../promql/ast.js';
import { labelsKey, METRIC_NAME } from '../promql/labels.js';
import { matchesAll, metricNameOf } from '../promql/matchers.js';
import type { Labels, Querier, Sample, Series } from '../promql/values.js';
import { PointRing } from './ring.js';

interface Entry {
  key: string;
  labels: Labels;
  ring: PointRing;
}

export interface SeriesStoreOptions {
  /** Points per series (the ring's capacity). */
  capacity: number;
  /** Series with no point newer than this (ms) are forgotten by `gc`. */
  retentionMs: number;
}

/** Scraped samples by series, bounded in points and age; the local evaluator's Querier. */
export class SeriesStore implements Querier {
  readonly #series = new Map<string, Entry>();
  readonly #byName = new Map<string, Set<Entry>>();

  constructor(private options: SeriesStoreOptions) {}

  get seriesCount(): number {
    return this.#series.size;
  }

  /** New bounds (on reload); rings keep their old capacity until their series is recreated. */
  resize(options: SeriesStoreOptions): void {
    this.options = options;
  }

  /** Appends a sample; returns the series key, or undefined when the point is out of order. */
  append(labels: Labels, t: number, v: number): string | undefined {
    const key = labelsKey(labels);
    let entry = this.#series.get(key);
    if (!entry) {
      entry = { key, labels, ring: new PointRing(this.options.capacity) };
      this.#series.set(key, entry);
      const name = labels[METRIC_NAME] ?? '';
      let set = this.#byName.get(name);
      if (!set) this.#byName.set(name, (set = new Set()));
      set.add(entry);
    }
    return entry.ring.push(t, v) ? key : undefined;
  }

  /** Writes a staleness marker at `t` for a series that was not in its target's last scrape. */
  markStale(key: string, t: number): void {
    const entry = this.#series.get(key);
    // Never lost to a same-millisecond sample: the series must end after its last point.
    if (entry && !entry.ring.lastIsStale)
      entry.ring.push(Math.max(t, entry.ring.lastTime + 1), NaN, true);
  }

  /** Forgets series whose newest point is older than the retention. */
  gc(now: number): void {
    for (const entry of this.#series.values()) {
      if (entry.ring.lastTime >= now - this.options.retentionMs) continue;
      this.#series.delete(entry.key);
      this.#byName.get(entry.labels[METRIC_NAME] ?? '')?.delete(entry);
    }
  }

  *#candidates(matchers: readonly LabelMatcher[]): Iterable<Entry> {
    const name = metricNameOf(matchers);
    const pool = name === undefined ? this.#series.values() : (this.#byName.get(name) ?? []);
    for (const entry of pool) if (matchesAll(matchers, entry.labels)) yield entry;
  }

  instant(matchers: readonly LabelMatcher[], t: number, lookbackMs: number): Sample[] {
    const out: Sample[] = [];
    for (const entry of this.#candidates(matchers)) {
      const point = entry.ring.latest(t - lookbackMs, t);
      if (point && !point[2]) out.push({ labels: entry.labels, value: point[1] });
    }
    return out;
  }

  range(matchers: readonly LabelMatcher[], mint: number, maxt: number): Series[] {
    const out: Series[] = [];
    for (const entry of this.#candidates(matchers)) {
      const { t, v } = entry.ring.between(mint, maxt);
      if (t.length > 0) out.push({ labels: entry.labels, t, v });
    }
    return out;
  }
}
