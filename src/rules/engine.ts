/**
 * The rule engine: scrapes targets (or queries Prometheus), evaluates every alerting rule each
 * `evaluation_interval`, and hands the alerts to the AlertSink with source `rule`.
 * Lifecycle: `start(config)` once, `apply(config)` on each reload (unchanged rules keep their
 * pending/firing state), `close()` at shutdown. A failing rule records its error and the
 * others carry on; nothing a target or a query does can crash the engine.
 */
import type { AlertSink } from '../alerts/ingest/sink.js';
import type { AlertInput } from '../alerts/model/alert.js';
import type { Logger } from '../telemetry/logger.js';
import { AlertingRule, type ActiveAlert } from './alerting/rule.js';
import { ruleDefinitions, ruleKey, type RulesConfig } from './runtime.js';
import type { TargetStatus } from './scrape/pool.js';
import { SampleSource } from './source.js';
import { statusOf, type RuleSlot, type RuleStatus } from './status.js';

export interface RuleEngineDeps {
  sink: AlertSink;
  logger: Logger;
  now?: () => number;
  /** Base of alerts' generatorURL (the console's rule page); none when omitted. */
  generatorUrl?: string;
}

/** Prometheus' resend delay: endsAt = now + 4 × max(evaluation interval, this). */
const RESEND_DELAY_MS = 60_000;

/** Scrapes or queries, evaluates every rule each interval, submits alerts (source `rule`). */
export class RuleEngine {
  #slots: RuleSlot[] = [];
  #config: RulesConfig | undefined;
  readonly #source: SampleSource;
  #timer: NodeJS.Timeout | undefined;
  #round: Promise<void> | undefined;
  #closed = false;
  readonly #now: () => number;

  constructor(private readonly deps: RuleEngineDeps) {
    this.#now = deps.now ?? Date.now;
    this.#source = new SampleSource(deps.logger, this.#now);
  }

  /** Starts scraping and evaluating; calling it again is the same as `apply`. */
  start(config: RulesConfig): void {
    this.apply(config);
  }

  /** Switches to a new, already validated config. */
  apply(config: RulesConfig): void {
    if (this.#closed) return;
    this.#config = config;
    this.#source.apply(config);
    const old = new Map(this.#slots.map((s) => [s.key, s]));
    const defs = ruleDefinitions(config);
    this.#slots = config.alert_rules.map((r, i) => {
      const key = ruleKey(r);
      const kept = old.get(key);
      old.delete(key);
      return (
        kept ?? {
          key,
          rule: new AlertingRule(defs[i]!),
          lastEvaluation: null,
          lastDurationMs: null,
          lastError: null,
        }
      );
    });
    // Alerts of removed or changed rules end now rather than linger until their endsAt.
    const now = this.#now();
    const ended = [...old.values()].flatMap((s) => {
      s.rule.resolveAll(now);
      return s.rule.toSend(now, 0, this.#generatorURL(s)).map(([, a]) => a);
    });
    if (ended.length > 0)
      this.deps.sink
        .submit(ended, 'rule')
        .catch((e: unknown) =>
          this.deps.logger.error({ err: e }, 'could not resolve the alerts of removed rules'),
        );
    this.#schedule();
  }

  /** Next round on the interval's grid, so rounds do not drift. */
  #schedule(): void {
    clearTimeout(this.#timer);
    const every = this.#config!.metrics.evaluation_interval;
    this.#timer = setTimeout(
      () => void this.evaluateNow().finally(() => !this.#closed && this.#schedule()),
      every - (this.#now() % every),
    );
    this.#timer.unref?.();
  }

  /** Runs one evaluation round now (the loop's step; tests may call it directly). */
  evaluateNow(): Promise<void> {
    this.#round ??= this.#evaluate().finally(() => (this.#round = undefined));
    return this.#round;
  }

  async #evaluate(): Promise<void> {
    const config = this.#config;
    const querier = this.#source.querier;
    if (!config || !querier) return;
    const ts = this.#now();
    const validFor = 4 * Math.max(config.metrics.evaluation_interval, RESEND_DELAY_MS);
    this.#source.gc(ts);
    const batch: Array<[ActiveAlert, AlertInput]> = [];
    for (const slot of this.#slots) {
      const started = performance.now();
      try {
        slot.rule.update(await querier.query(slot.rule.def.expr, ts), ts);
        slot.lastError = null;
        batch.push(...slot.rule.toSend(ts, validFor, this.#generatorURL(slot)));
      } catch (error) {
        // Like Prometheus: the rule's alerts keep their state and are not re-sent this round.
        slot.lastError = (error as Error).message || String(error);
      }
      slot.lastEvaluation = ts;
      slot.lastDurationMs = performance.now() - started;
    }
    if (batch.length === 0) return;
    try {
      await this.deps.sink.submit(
        batch.map(([, a]) => a),
        'rule',
      );
      for (const [held] of batch) if (held.state === 'inactive') held.resolvedSent = true;
    } catch (error) {
      this.deps.logger.warn(
        { err: error, alerts: batch.length },
        'rule alerts not accepted; resending next round',
      );
    }
  }

  #generatorURL(slot: RuleSlot): string {
    const base = this.deps.generatorUrl;
    return base ? `${base}?alertname=${encodeURIComponent(slot.rule.def.name)}` : '';
  }

  /** Every rule with its state, last evaluation, last error and active alerts. */
  rules(): RuleStatus[] {
    return this.#slots.map(statusOf);
  }

  /** Scrape targets and their health (empty when rules query Prometheus). */
  targets(): TargetStatus[] {
    return this.#source.targets();
  }

  /** Stops the loop, waits for the running round, closes connections. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#timer);
    await this.#round;
    await this.#source.close();
  }
}
