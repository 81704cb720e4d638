/**
 * One scrape target's ingest, as Prometheus does it: target labels `job` (the id), `instance`
 * (host:port) and the configured ones are added, a scraped label that clashes is kept as
 * `exported_<name>` (honor_labels: false), explicit timestamps are honoured, series missing
 * from a scrape get a staleness marker, and each scrape records `up`,
 * `scrape_duration_seconds` and `scrape_samples_scraped`.
 */
import type { Labels } from '../promql/values.js';
import type { SeriesStore } from '../storage/series-store.js';
import { parseExposition, type ParsedSample } from './exposition.js';
import type { ScrapeBody } from './fetch.js';
import type { SeriesFilter } from './filter.js';

export interface TargetSettings {
  job: string;
  url: string;
  every: number;
  timeout: number;
  bodyLimit: number;
  labels: Record<string, string>;
  service: string | undefined;
}

/** The labels every series of the target carries. */
export function targetLabels(settings: TargetSettings): Labels {
  const url = new URL(settings.url);
  // `host` keeps IPv6 brackets; like Prometheus, always name the port.
  const instance = url.port ? url.host : `${url.host}:${url.protocol === 'https:' ? 443 : 80}`;
  return {
    ...settings.labels,
    ...(settings.service ? { service: settings.service } : {}),
    job: settings.job,
    instance,
  };
}

function seriesLabels(sample: ParsedSample, target: Labels): Labels {
  const labels: Labels = { __name__: sample.name };
  for (const [name, value] of Object.entries(sample.labels)) {
    if (value === '') continue; // An empty label is an absent label.
    labels[Object.hasOwn(target, name) ? `exported_${name}` : name] = value;
  }
  return { ...labels, ...target };
}

/** Turns one target's scrapes into stored samples, staleness markers and `up`. */
export class TargetIngest {
  /** Keys of the series the last scrape wrote without explicit timestamps (for staleness). */
  #previous = new Set<string>();

  constructor(
    readonly labels: Labels,
    private readonly store: SeriesStore,
    private filter: SeriesFilter,
  ) {}

  setFilter(filter: SeriesFilter): void {
    this.filter = filter;
  }

  /** Ingests a body fetched at `t`; throws ExpositionError when the body does not parse. */
  ingest(body: ScrapeBody, t: number, durationMs: number): number {
    const samples = parseExposition(body.text, body.format);
    const seen = new Set<string>();
    for (const sample of samples) {
      const labels = seriesLabels(sample, this.labels);
      if (!this.filter.keeps(labels)) continue;
      const key = this.store.append(labels, sample.timestamp ?? t, sample.value);
      if (key !== undefined && sample.timestamp === undefined) seen.add(key);
    }
    this.#markStale(seen, t);
    this.#report(t, 1, durationMs, samples.length);
    return samples.length;
  }

  /** Records a failed scrape: `up` 0, and every series of the target goes stale. */
  fail(t: number, durationMs: number): void {
    this.#markStale(new Set(), t);
    this.#report(t, 0, durationMs, 0);
  }

  /** Ends the target's series (removed from config, or engine closed). */
  retire(t: number): void {
    this.#markStale(new Set(), t);
  }

  #markStale(seen: Set<string>, t: number): void {
    for (const key of this.#previous) if (!seen.has(key)) this.store.markStale(key, t);
    this.#previous = seen;
  }

  #report(t: number, up: number, durationMs: number, count: number): void {
    const write = (name: string, value: number) => {
      const labels = { __name__: name, ...this.labels };
      if (this.filter.keeps(labels)) this.store.append(labels, t, value);
    };
    write('up', up);
    write('scrape_duration_seconds', durationMs / 1000);
    write('scrape_samples_scraped', count);
  }
}
