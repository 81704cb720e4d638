import { DueTimer } from '../../lib/due-timer.js';
import type { Logger } from '../../telemetry/logger.js';
import type { LabelSet } from '../model/labels.js';
import type { AlertStatus, AlertStatusSource } from '../status.js';
import type { AlertChange } from '../store/alert-store.js';
import type { HeldAlert } from '../store/rows.js';
import type { DependencyTracker } from './dependencies.js';
import { groupKey, groupLabels, type Route } from '../routing/index.js';
import { AggregationGroup, commonOf, needsUpdate, type LogEntry } from './group.js';

/** Everything that can keep an alert from being notified, asked at flush time. */
export interface NoiseControls {
  silencedBy(labels: LabelSet, now: number): string[];
  inhibitedBy(alert: HeldAlert, now: number): string[];
  /** Active maintenance windows covering the alert, as `maintenance:<id>`. */
  mutedBy(alert: HeldAlert, now: number): string[];
  /** Whether the route's mute/active time intervals hold its notifications now. */
  routeMuted(route: Route, now: number): boolean;
}

/** One notification of a group to one target (a channel). */
export interface GroupNotification {
  groupKey: string;
  route: Route;
  target: string;
  status: 'firing' | 'resolved';
  groupLabels: LabelSet;
  commonLabels: LabelSet;
  commonAnnotations: LabelSet;
  firing: HeldAlert[];
  resolved: HeldAlert[];
  /** Alerts of dependent services held back because this group's service is down. */
  dependents: HeldAlert[];
  severity: string | null;
}

export interface DispatcherDeps {
  match: () => (labels: LabelSet) => readonly Route[];
  noise: NoiseControls;
  dependencies: DependencyTracker;
  /** Opsdeck severity ids, most severe first. */
  severities: () => readonly string[];
  send: (notification: GroupNotification) => Promise<void>;
  logger: Logger;
  now?: () => number;
}

/**
 * Alertmanager's dispatcher: each alert goes to the groups of every route it matches; a group
 * flushes `group_wait` after it forms, then every `group_interval`; a flush notifies each of
 * the route's targets when the notification log says something changed (or `repeat_interval`
 * passed). One DueTimer holds every group's next flush.
 */
export class Dispatcher implements AlertStatusSource {
  readonly #groups = new Map<string, AggregationGroup>();
  /** fingerprint → groups holding it. */
  readonly #memberOf = new Map<string, Set<AggregationGroup>>();
  /** `groupKey target` → last notification: survives reloads, like Alertmanager's nflog. */
  readonly #log = new Map<string, LogEntry>();
  readonly #timer: DueTimer<AggregationGroup>;
  readonly #now: () => number;
  #match: (labels: LabelSet) => readonly Route[];

  constructor(private readonly deps: DispatcherDeps) {
    this.#now = deps.now ?? Date.now;
    this.#match = deps.match();
    this.#timer = new DueTimer((g) => void this.#flush(g), 0, this.#now);
  }

  start(alerts: Iterable<HeldAlert>): void {
    this.#timer.start();
    const now = this.#now();
    for (const alert of alerts) this.#insert(alert, now);
  }

  /** Rebuilds every group from the held alerts under new routes (config reload). */
  reload(alerts: Iterable<HeldAlert>): void {
    this.#match = this.deps.match();
    for (const g of this.#groups.values()) this.#timer.delete(g);
    this.#groups.clear();
    this.#memberOf.clear();
    const now = this.#now();
    for (const alert of alerts) if (alert.endsAt > now) this.#insert(alert, now);
  }

  onAlert = (change: AlertChange): void => {
    const now = this.#now();
    this.deps.dependencies.observe(change.alert, now);
    this.#insert(change.alert, now);
  };

  #insert(alert: HeldAlert, now: number): void {
    const held = this.#memberOf.get(alert.fingerprint);
    if (held) {
      for (const g of held) {
        g.alerts.set(alert.fingerprint, alert);
        this.#hurry(g, alert, now);
      }
      return;
    }
    if (alert.endsAt <= now) return; // resolved and in no group: nothing to tell
    const groups = new Set<AggregationGroup>();
    for (const route of this.#match(alert.labels)) {
      const slot = slotKey(route, alert);
      let g = this.#groups.get(slot);
      if (!g) {
        const key = groupKey(route, alert.labels);
        g = new AggregationGroup(key, route, groupLabels(route, alert.labels), now, slot);
        this.#groups.set(slot, g);
        this.#timer.set(g, now + route.groupWait);
      }
      g.alerts.set(alert.fingerprint, alert);
      groups.add(g);
      this.#hurry(g, alert, now);
    }
    this.#memberOf.set(alert.fingerprint, groups);
  }

  /** Alertmanager flushes a not-yet-flushed group at once when an alert is older than group_wait. */
  #hurry(g: AggregationGroup, alert: HeldAlert, now: number): void {
    if (!g.hasFlushed && alert.startsAt + g.route.groupWait <= now) this.#timer.set(g, now);
  }

  statusOf(alert: HeldAlert, now: number): AlertStatus {
    const { noise, dependencies } = this.deps;
    const silencedBy = noise.silencedBy(alert.labels, now);
    const inhibitedBy = noise.inhibitedBy(alert, now);
    const mutedBy = noise.mutedBy(alert, now);
    const suppressedBy = dependencies.suppressorOf(alert.labels.service);
    const groups = this.#memberOf.get(alert.fingerprint);
    const routes = groups ? [...groups].map((g) => g.route) : this.#match(alert.labels);
    const suppressed =
      silencedBy.length + inhibitedBy.length + mutedBy.length > 0 || suppressedBy !== null;
    return {
      state: suppressed ? 'suppressed' : groups ? 'active' : 'unprocessed',
      silencedBy,
      inhibitedBy,
      mutedBy,
      suppressedBy,
      severity: this.severityOf(alert, routes[0]),
      receivers: [...new Set(routes.flatMap((r) => (r.targets.length ? r.targets : [r.key])))],
    };
  }

  /** The alert's Opsdeck severity: its `severity` label if it is one, else the route's map. */
  severityOf(alert: HeldAlert, route: Route | undefined): string | null {
    const value = alert.labels.severity;
    if (value === undefined) return null;
    if (this.deps.severities().includes(value)) return value;
    return route?.severityMap[value] ?? null;
  }

  /** Current groups, for the API. */
  groups(): IterableIterator<AggregationGroup> {
    return this.#groups.values();
  }

  lastNotified(g: AggregationGroup, target: string): LogEntry | undefined {
    return this.#log.get(`${slotOf(g)} ${target}`);
  }

  async #flush(g: AggregationGroup): Promise<void> {
    const now = this.#now();
    const route = g.route;
    if (this.#groups.get(slotOf(g)) !== g) return; // replaced by a reload
    this.#timer.set(g, now + route.groupInterval);
    if (g.sending) return;
    g.lastFlushAt = now;
    const firing: HeldAlert[] = [];
    const resolved: HeldAlert[] = [];
    const targets = route.targets.length > 0;
    let nextEnd = Infinity;
    for (const alert of g.alerts.values()) {
      if (alert.endsAt <= now) resolved.push(alert);
      else {
        if (alert.endsAt < nextEnd) nextEnd = alert.endsAt;
        if (targets && !this.#suppressed(alert, now)) firing.push(alert);
      }
    }
    // A group nobody is told about only has resolutions to clear: wake it for the next one
    // rather than every group_interval (10,000 such groups would otherwise tick all the time).
    if (!targets) this.#timer.set(g, Math.max(now + route.groupInterval, nextEnd));
    let delivered = true;
    if (targets && !this.deps.noise.routeMuted(route, now)) {
      g.sending = true;
      try {
        delivered = await this.#notifyTargets(g, firing, resolved, now);
      } finally {
        g.sending = false;
      }
    }
    g.hasFlushed = true;
    // As Alertmanager: resolved alerts stay until a notification carrying them succeeded.
    if (delivered && resolved.length > 0) this.#dropResolved(g, resolved);
  }

  /** Whether anything holds the alert back: the flush's hot path, stopping at the first reason. */
  #suppressed(alert: HeldAlert, now: number): boolean {
    const { noise, dependencies } = this.deps;
    return (
      noise.silencedBy(alert.labels, now).length > 0 ||
      noise.inhibitedBy(alert, now).length > 0 ||
      noise.mutedBy(alert, now).length > 0 ||
      dependencies.suppressorOf(alert.labels.service) !== null
    );
  }

  /** Notifies each target that needs it; false when one of them failed. */
  async #notifyTargets(
    g: AggregationGroup,
    firing: HeldAlert[],
    resolved: HeldAlert[],
    now: number,
  ): Promise<boolean> {
    const firingSet = new Set(firing.map((a) => a.fingerprint));
    const resolvedSet = new Set(resolved.map((a) => a.fingerprint));
    const { repeatInterval } = g.route;
    const due = g.route.targets.filter((target) =>
      needsUpdate(
        this.#log.get(`${slotOf(g)} ${target}`),
        firingSet,
        resolvedSet,
        repeatInterval,
        now,
      ),
    );
    // Most flushes find nothing new: decide that before building any payload.
    if (due.length === 0) return true;
    const all = firing.concat(resolved);
    const base = {
      groupKey: g.key,
      route: g.route,
      status: firing.length > 0 ? ('firing' as const) : ('resolved' as const),
      groupLabels: g.labels,
      commonLabels: commonOf(all, 'labels'),
      commonAnnotations: commonOf(all, 'annotations'),
      firing,
      resolved,
      dependents: this.dependentsOf(firing, now),
      severity: this.groupSeverity(firing.length ? firing : resolved, g.route),
    };
    const outcomes = await Promise.all(
      due.map(async (target) => {
        try {
          await this.deps.send({ ...base, target });
          this.#log.set(`${slotOf(g)} ${target}`, {
            firing: firingSet,
            resolved: resolvedSet,
            at: now,
          });
          return true;
        } catch (error) {
          this.deps.logger.warn(
            { err: error, group: g.key, target },
            'notification failed; retried at the next group interval',
          );
          return false;
        }
      }),
    );
    return outcomes.every(Boolean);
  }

  /** Alerts held back by `depends_on` because a service of this group is down. */
  dependentsOf(firing: readonly HeldAlert[], now: number): HeldAlert[] {
    const down = new Set<string>();
    for (const a of firing)
      if (a.labels.service && this.deps.dependencies.isDown(a.labels.service))
        down.add(a.labels.service);
    if (down.size === 0) return [];
    const out: HeldAlert[] = [];
    for (const g of this.#groups.values())
      for (const a of g.alerts.values()) {
        if (a.endsAt <= now) continue;
        const parent = this.deps.dependencies.suppressorOf(a.labels.service);
        if (parent !== null && down.has(parent) && !out.includes(a)) out.push(a);
      }
    return out;
  }

  groupSeverity(alerts: readonly HeldAlert[], route: Route): string | null {
    const order = this.deps.severities();
    let best: number | undefined;
    for (const a of alerts) {
      const s = this.severityOf(a, route);
      const i = s === null ? -1 : order.indexOf(s);
      if (i >= 0 && (best === undefined || i < best)) best = i;
    }
    return best === undefined ? null : order[best]!;
  }

  /** Resolved alerts leave the group once notified, unless they changed meanwhile. */
  #dropResolved(g: AggregationGroup, resolved: HeldAlert[]): void {
    for (const alert of resolved) {
      if (g.alerts.get(alert.fingerprint) !== alert) continue;
      g.alerts.delete(alert.fingerprint);
      const groups = this.#memberOf.get(alert.fingerprint);
      groups?.delete(g);
      if (groups?.size === 0) this.#memberOf.delete(alert.fingerprint);
    }
    if (g.alerts.size === 0) {
      this.#groups.delete(slotOf(g));
      this.#timer.delete(g);
      for (const target of g.route.targets) this.#log.delete(`${slotOf(g)} ${target}`);
    }
  }

  close(): void {
    this.#timer.stop();
  }
}

function slotOf(g: AggregationGroup): string {
  return g.slot;
}

/**
 * Where an alert's group is kept: the route's id (siblings with the same matchers share a
 * route key, never an id) and the values of its group_by labels, or the alert's fingerprint
 * when it groups by every label. Cheaper than Alertmanager's quoted group key, which is built
 * once per group for display.
 */
function slotKey(route: Route, alert: HeldAlert): string {
  if (route.groupByAll) return `${route.id}\u0000${alert.fingerprint}`;
  let key = route.id;
  for (const name of route.groupBy) key += `\u0000${alert.labels[name] ?? ''}`;
  return key;
}
