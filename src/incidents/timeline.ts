/**
 * An incident's timeline as people read it: the stored events, plus each page's outcome
 * (delivered or failed) read from the notification outbox, which already records it, so the
 * delivery hot path writes nothing more. Notes carry their markdown rendered safely. Who took
 * part and who held which role are derived from the same events.
 */
import { isoTime } from '../lib/time.js';
import { renderMarkdown } from '../lib/markdown.js';
import { incidentEvents, type Db } from './repository.js';
import type { IncidentEventView, IncidentRole } from './types.js';

export interface TimelineEntry extends Omit<IncidentEventView, 'id'> {
  /** Stored events have an id (pin them by it); page outcomes have none. */
  id: number | null;
  /** Notes: the markdown as sanitized HTML. */
  html?: string | undefined;
}

export interface RoleSpell {
  role: IncidentRole;
  person: string;
  from: string;
  /** Null while the person still holds the role. */
  until: string | null;
  assigned_by: string | null;
}

async function deliveryEntries(db: Db, incidentId: number): Promise<TimelineEntry[]> {
  const rows = await db
    .selectFrom('notifications')
    .select([
      'id',
      'channel',
      'person',
      'event',
      'status',
      'attempts',
      'delivered_at',
      'updated_at',
      'last_status',
      'last_detail',
    ])
    .where('incident_id', '=', incidentId)
    .where('status', 'in', ['delivered', 'failed'])
    .execute();
  return rows.map((r) => ({
    id: null,
    at: isoTime(Number(r.status === 'delivered' ? (r.delivered_at ?? r.updated_at) : r.updated_at)),
    kind: r.status === 'delivered' ? 'notification_delivered' : 'notification_failed',
    actor: null,
    pinned: false,
    detail: {
      notification: r.id,
      event: r.event,
      channel: r.channel,
      person: r.person,
      attempts: r.attempts,
      ...(r.last_status !== null ? { status_code: r.last_status } : {}),
      ...(r.status === 'failed' && r.last_detail ? { error: r.last_detail } : {}),
    },
  }));
}

/** Stored events and page outcomes, oldest first. */
export async function timelineOf(db: Db, incidentId: number): Promise<TimelineEntry[]> {
  const [events, deliveries] = await Promise.all([
    incidentEvents(db, incidentId),
    deliveryEntries(db, incidentId),
  ]);
  const entries: TimelineEntry[] = events.map((e) =>
    e.kind === 'note' && typeof e.detail?.body === 'string'
      ? { ...e, html: renderMarkdown(e.detail.body) }
      : e,
  );
  // Stable: at equal times stored events (in id order) come before outcomes.
  return [...entries, ...deliveries].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/** Who held which role when, from `role_assigned` events. */
export function roleHistory(timeline: readonly TimelineEntry[]): RoleSpell[] {
  const spells: RoleSpell[] = [];
  const current = new Map<string, RoleSpell>();
  for (const e of timeline) {
    if (e.kind !== 'role_assigned' || !e.detail) continue;
    const role = e.detail.role as IncidentRole;
    const previous = current.get(role);
    if (previous) previous.until = e.at;
    current.delete(role);
    const to = e.detail.to as string | null;
    if (to === null) continue;
    const spell: RoleSpell = { role, person: to, from: e.at, until: null, assigned_by: e.actor };
    spells.push(spell);
    current.set(role, spell);
  }
  return spells;
}

/** Everyone who took part: people paged, role holders and whoever acted, in order of arrival. */
export function participantsOf(timeline: readonly TimelineEntry[], system: string): string[] {
  const seen = new Set<string>();
  for (const e of timeline) {
    if (e.actor && e.actor !== system) seen.add(e.actor);
    if ((e.kind === 'paged' || e.kind === 'escalated') && Array.isArray(e.detail?.people))
      for (const p of e.detail.people as string[]) seen.add(p);
    if (e.kind === 'role_assigned' && typeof e.detail?.to === 'string') seen.add(e.detail.to);
  }
  return [...seen];
}

/**
 * Runbooks to follow: those the incident's alerts named, then those of its affected services
 * (from the config as it is now), each once.
 */
export function runbooksOf(
  timeline: readonly TimelineEntry[],
  services: readonly string[],
  serviceRunbooks: (service: string) => readonly string[],
): string[] {
  const out = new Set<string>();
  for (const e of timeline) {
    const alerts =
      e.kind === 'opened'
        ? e.detail?.fired
        : e.kind === 'alerts_fired'
          ? e.detail?.alerts
          : undefined;
    if (!Array.isArray(alerts)) continue;
    for (const a of alerts as { runbook?: string }[]) if (a.runbook) out.add(a.runbook);
  }
  for (const s of services) for (const r of serviceRunbooks(s)) out.add(r);
  return [...out];
}
