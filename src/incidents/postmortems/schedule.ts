/**
 * When a required post-mortem's owner is reminded: once `before` ahead of the due time (never
 * before the resolution), then at the due time and every `every` after it, `max` times past due
 * at most. Pure, so the timer, the publish and unpublish verbs and the tests agree on it.
 */

/** `incidents.postmortem_reminders`, in milliseconds. */
export interface ReminderSettings {
  before: number;
  every: number;
  max: number;
}

/** The first reminder of a post-mortem due at `dueAt`, written when the incident resolves. */
export function firstReminderAt(dueAt: number, now: number, s: ReminderSettings): number {
  return Math.max(now, dueAt - s.before);
}

/**
 * The reminder after the one scheduled at `firedAt`, or null when none is left. Slots that went
 * by while no instance was running are skipped: a server down for days sends one reminder when
 * it comes back, not a burst of them.
 */
export function nextReminderAt(
  dueAt: number,
  firedAt: number,
  now: number,
  s: ReminderSettings,
): number | null {
  if (s.max <= 0) return null;
  const after = Math.max(firedAt, now);
  if (after < dueAt) return dueAt;
  if (s.every <= 0) return null;
  // Past-due slots are dueAt + k·every for k = 0 … max − 1; take the first one after `after`.
  const k = Math.floor((after - dueAt) / s.every) + 1;
  return k < s.max ? dueAt + k * s.every : null;
}

/**
 * Where reminders resume when a published post-mortem goes back to draft: the next slot still
 * ahead, without reminding at once (whoever unpublished it is on it).
 */
export function resumedReminderAt(dueAt: number, now: number, s: ReminderSettings): number | null {
  if (now < dueAt - s.before) return dueAt - s.before;
  if (now < dueAt) return s.max > 0 ? dueAt : null;
  return nextReminderAt(dueAt, now, now, s);
}
