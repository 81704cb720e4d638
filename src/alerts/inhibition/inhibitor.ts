/**
 * Inhibition with Alertmanager's semantics (inhibit/inhibit.go): while a source alert fires,
 * target alerts whose `equal` labels have the same values (a missing label counts as empty)
 * are muted. Sources are indexed per rule by those values, so a lookup reads one bucket
 * instead of every firing alert.
 */
import { compileMatcher, matchesAll, type CompiledMatcher } from '../matchers/matcher.js';
import { parseMatchers } from '../matchers/parse.js';
import type { Alert } from '../model/alert.js';
import type { LabelSet } from '../model/labels.js';

/** One entry of the config's `inhibit_rules`. */
export interface InhibitRuleSpec {
  source_matchers: readonly string[];
  target_matchers: readonly string[];
  equal: readonly string[];
}

/** What the inhibitor needs to know of an alert. */
export type InhibitingAlert = Pick<Alert, 'fingerprint' | 'labels' | 'endsAt'>;

interface Source {
  fingerprint: string;
  endsAt: number;
  /** Matches the rule's target side too; such sources never inhibit two-sided targets. */
  alsoTarget: boolean;
}

interface Rule {
  source: CompiledMatcher[];
  target: CompiledMatcher[];
  equal: string[];
  /** Equal-label values key → fingerprint → source. */
  buckets: Map<string, Map<string, Source>>;
}

function compile(texts: readonly string[]): CompiledMatcher[] {
  return texts.flatMap((text) => parseMatchers(text)).map(compileMatcher);
}

/** Length-prefixed so that no two value lists share a key, whatever the values contain. */
function equalKey(rule: Rule, labels: LabelSet): string {
  let key = '';
  for (const name of rule.equal) {
    const value = labels[name] ?? '';
    key += `${value.length}:${value}`;
  }
  return key;
}

/** Tracks firing source alerts and answers which of them inhibit a given alert. */
export class Inhibitor {
  readonly #rules: Rule[];
  /** fingerprint → where it sits (rule and bucket), for updates and `forget`. */
  readonly #indexed = new Map<string, { rule: Rule; key: string }[]>();

  /** @throws SyntaxError on a bad matcher (the config schema has already checked them). */
  constructor(rules: readonly InhibitRuleSpec[]) {
    this.#rules = rules.map((r) => ({
      source: compile(r.source_matchers),
      target: compile(r.target_matchers),
      equal: [...r.equal],
      buckets: new Map(),
    }));
  }

  /** Records a new or updated alert; only source-side matches are kept. */
  observe(alert: InhibitingAlert): void {
    const existing = this.#indexed.get(alert.fingerprint);
    if (existing) {
      // Same fingerprint means same labels, so the same rules and buckets: refresh the end.
      for (const { rule, key } of existing)
        rule.buckets.get(key)!.get(alert.fingerprint)!.endsAt = alert.endsAt;
      return;
    }
    const places: { rule: Rule; key: string }[] = [];
    for (const rule of this.#rules) {
      if (!matchesAll(rule.source, alert.labels)) continue;
      const key = equalKey(rule, alert.labels);
      let bucket = rule.buckets.get(key);
      if (!bucket) rule.buckets.set(key, (bucket = new Map()));
      bucket.set(alert.fingerprint, {
        fingerprint: alert.fingerprint,
        endsAt: alert.endsAt,
        alsoTarget: matchesAll(rule.target, alert.labels),
      });
      places.push({ rule, key });
    }
    if (places.length > 0) this.#indexed.set(alert.fingerprint, places);
  }

  /** Drops an alert (deleted, or resolved and no longer worth keeping). */
  forget(fingerprint: string): void {
    for (const { rule, key } of this.#indexed.get(fingerprint) ?? []) {
      const bucket = rule.buckets.get(key)!;
      bucket.delete(fingerprint);
      if (bucket.size === 0) rule.buckets.delete(key);
    }
    this.#indexed.delete(fingerprint);
  }

  /**
   * Fingerprints of the firing alerts (at `now`, epoch ms) that inhibit an alert with these
   * labels, each once; empty when it is not inhibited. As in Alertmanager, when the alert
   * matches a rule's source side too, sources that also match its target side are ignored,
   * so two alerts of the same class never mute each other (nor does an alert mute itself).
   */
  inhibitedBy(labels: LabelSet, fingerprint: string, now: number): string[] {
    const out = new Set<string>();
    for (const rule of this.#rules) {
      if (!matchesAll(rule.target, labels)) continue;
      const bucket = rule.buckets.get(equalKey(rule, labels));
      if (!bucket) continue;
      const twoSided = matchesAll(rule.source, labels);
      for (const source of bucket.values()) {
        // Sources are not forgotten the instant they resolve: check the end here.
        if (source.endsAt <= now || source.fingerprint === fingerprint) continue;
        if (twoSided && source.alsoTarget) continue;
        out.add(source.fingerprint);
      }
    }
    return [...out];
  }

  /** Forgets sources resolved at `now`; returns how many alerts were dropped. */
  prune(now: number): number {
    const resolved: string[] = [];
    for (const [fingerprint, places] of this.#indexed) {
      const { rule, key } = places[0]!;
      if (rule.buckets.get(key)!.get(fingerprint)!.endsAt <= now) resolved.push(fingerprint);
    }
    for (const fingerprint of resolved) this.forget(fingerprint);
    return resolved.length;
  }

  /** How many distinct alerts are held as sources. */
  get size(): number {
    return this.#indexed.size;
  }
}
