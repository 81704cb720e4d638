/**
 * One alerting rule's state, as Prometheus keeps it (rules/alerting.go): each series the
 * expression returns is an alert, pending until it has held for `for`, then firing; when it
 * stops being returned it resolves, unless `keep_firing_for` holds it a while longer.
 * Resolved alerts are kept 15 minutes (for status and re-sending), then forgotten.
 */
import type { AlertInput } from '../../alerts/model/alert.js';
import { labelsKey } from '../promql/labels.js';
import type { Sample } from '../promql/values.js';
import { renderTemplate, type Template } from './template.js';

export type AlertState = 'pending' | 'firing' | 'inactive';

/** A rule compiled from config, ready to evaluate. */
export interface RuleDefinition {
  name: string;
  expr: string;
  forMs: number;
  keepFiringForMs: number;
  severity: string;
  service: string | undefined;
  runbook: string | undefined;
  labels: Record<string, Template>;
  annotations: Record<string, Template>;
}

export interface ActiveAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: AlertState;
  value: number;
  activeAt: number;
  firedAt: number | undefined;
  resolvedAt: number | undefined;
  keepFiringSince: number | undefined;
  /** A resolution that the sink has accepted is not sent again. */
  resolvedSent: boolean;
}

const RESOLVED_RETENTION_MS = 15 * 60_000;

/** One rule's alerts and their states; `update` per evaluation, `toSend` for the sink. */
export class AlertingRule {
  readonly #active = new Map<string, ActiveAlert>();

  constructor(readonly def: RuleDefinition) {}

  alerts(): ActiveAlert[] {
    return [...this.#active.values()];
  }

  /** The highest state among the rule's alerts. */
  get state(): AlertState {
    let state: AlertState = 'inactive';
    for (const a of this.#active.values()) {
      if (a.state === 'firing') return 'firing';
      if (a.state === 'pending') state = 'pending';
    }
    return state;
  }

  #labelsFor(sample: Sample): [Record<string, string>, Record<string, string>] {
    const data = { labels: sample.labels, value: sample.value };
    const labels: Record<string, string> = {};
    for (const [name, value] of Object.entries(sample.labels))
      if (name !== '__name__') labels[name] = value;
    for (const [name, t] of Object.entries(this.def.labels)) labels[name] = renderTemplate(t, data);
    labels.alertname = this.def.name;
    labels.severity = this.def.severity;
    if (this.def.service) labels.service = this.def.service;
    for (const name of Object.keys(labels)) if (labels[name] === '') delete labels[name];
    const annotations: Record<string, string> = {};
    for (const [name, t] of Object.entries(this.def.annotations))
      annotations[name] = renderTemplate(t, data);
    if (this.def.runbook) annotations.runbook = this.def.runbook;
    return [labels, annotations];
  }

  /** Applies the expression's result at `ts`. Throws when two series give the same alert labels. */
  update(samples: readonly Sample[], ts: number): void {
    const current = new Map<
      string,
      { labels: Record<string, string>; annotations: Record<string, string>; value: number }
    >();
    for (const sample of samples) {
      const [labels, annotations] = this.#labelsFor(sample);
      const key = labelsKey(labels);
      if (current.has(key))
        throw new Error(
          'vector contains metrics with the same labelset after applying alert labels',
        );
      current.set(key, { labels, annotations, value: sample.value });
    }
    for (const [key, c] of current) {
      const held = this.#active.get(key);
      if (held && held.state !== 'inactive') {
        Object.assign(held, {
          value: c.value,
          annotations: c.annotations,
          keepFiringSince: undefined,
        });
        continue;
      }
      this.#active.set(key, {
        ...c,
        state: 'pending',
        activeAt: ts,
        firedAt: undefined,
        resolvedAt: undefined,
        keepFiringSince: undefined,
        resolvedSent: false,
      });
    }
    for (const [key, a] of this.#active) {
      if (!current.has(key)) {
        let keepFiring = false;
        if (a.state === 'firing' && this.def.keepFiringForMs > 0) {
          a.keepFiringSince ??= ts;
          keepFiring = ts - a.keepFiringSince < this.def.keepFiringForMs;
        }
        if (
          a.state === 'pending' ||
          (a.resolvedAt !== undefined && ts - a.resolvedAt > RESOLVED_RETENTION_MS)
        ) {
          this.#active.delete(key);
          continue;
        }
        if (!keepFiring && a.state !== 'inactive') {
          a.state = 'inactive';
          a.resolvedAt = ts;
        }
        if (!keepFiring) continue;
      }
      if (a.state === 'pending' && ts - a.activeAt >= this.def.forMs) {
        a.state = 'firing';
        a.firedAt = ts;
      }
    }
  }

  /** Ends every alert at `ts` (the rule was removed or changed). */
  resolveAll(ts: number): void {
    for (const [key, a] of this.#active) {
      if (a.state === 'pending') this.#active.delete(key);
      else if (a.state === 'firing') Object.assign(a, { state: 'inactive', resolvedAt: ts });
    }
  }

  /**
   * What to send at `ts`: firing alerts with endsAt `validFor` ahead (re-sent every
   * evaluation, so they only end if Opsdeck stops saying so), resolutions until accepted.
   */
  toSend(ts: number, validForMs: number, generatorURL: string): Array<[ActiveAlert, AlertInput]> {
    const out: Array<[ActiveAlert, AlertInput]> = [];
    for (const a of this.#active.values()) {
      if (a.state === 'pending' || a.firedAt === undefined) continue;
      if (a.state === 'inactive' && a.resolvedSent) continue;
      const endsAt = a.state === 'inactive' ? a.resolvedAt! : ts + validForMs;
      const input: AlertInput = {
        labels: { ...a.labels },
        annotations: { ...a.annotations },
        startsAt: a.firedAt,
        endsAt,
        timeout: false,
        generatorURL,
      };
      out.push([a, input]);
    }
    return out;
  }
}
