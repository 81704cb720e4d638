import type { HeldAlert } from '../store/rows.js';

/** The alert that says a service is down: a check of that service is down. */
export const SERVICE_DOWN_ALERT = 'CheckDown';

/**
 * Which services are down, and which services that explains. A service is down while one of
 * its checks is down (a firing `CheckDown` alert with its `service` label); every service that
 * depends on it, directly or through others, has its alerts suppressed and attached to the
 * parent's group: one page for a database outage, not thirty.
 */
export class DependencyTracker {
  /** service → fingerprints of its firing CheckDown alerts. */
  readonly #down = new Map<string, Set<string>>();
  /** service → the services it depends on. */
  #dependsOn = new Map<string, readonly string[]>();
  /** service → the down ancestor explaining it (null when none), rebuilt lazily. */
  #cache = new Map<string, string | null>();

  setGraph(services: Record<string, { depends_on: readonly string[] }>): void {
    this.#dependsOn = new Map(Object.entries(services).map(([id, s]) => [id, s.depends_on]));
    this.#cache.clear();
  }

  /** Follows an alert's changes; returns whether the set of down services changed. */
  observe(alert: HeldAlert, now: number): boolean {
    const service = alert.labels.service;
    if (alert.labels.alertname !== SERVICE_DOWN_ALERT || !service) return false;
    const firing = alert.endsAt > now;
    let fps = this.#down.get(service);
    const wasDown = fps !== undefined && fps.size > 0;
    if (firing) {
      if (!fps) this.#down.set(service, (fps = new Set()));
      fps.add(alert.fingerprint);
    } else fps?.delete(alert.fingerprint);
    const isDown = fps !== undefined && fps.size > 0;
    if (wasDown !== isDown) this.#cache.clear();
    return wasDown !== isDown;
  }

  isDown(service: string): boolean {
    return (this.#down.get(service)?.size ?? 0) > 0;
  }

  /** Down services, for the API. */
  downServices(): string[] {
    return [...this.#down].filter(([, fps]) => fps.size > 0).map(([s]) => s);
  }

  /**
   * The nearest down service `service` depends on (breadth first, so the closest cause is
   * named), or null. A down service is not suppressed by its own outage, only by a parent's.
   */
  suppressorOf(service: string | undefined): string | null {
    if (!service || this.#down.size === 0) return null;
    const hit = this.#cache.get(service);
    if (hit !== undefined) return hit;
    const seen = new Set([service]);
    let frontier = [service];
    let found: string | null = null;
    while (frontier.length > 0 && found === null) {
      const next: string[] = [];
      for (const s of frontier)
        for (const parent of this.#dependsOn.get(s) ?? []) {
          if (seen.has(parent)) continue;
          seen.add(parent);
          if (found === null && this.isDown(parent)) found = parent;
          next.push(parent);
        }
      frontier = next;
    }
    this.#cache.set(service, found);
    return found;
  }
}
