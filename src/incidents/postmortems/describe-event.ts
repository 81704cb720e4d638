/**
 * A timeline event in words, for the pinned timeline of a post-mortem document ("Acknowledged
 * by alice", "Severity changed from P2 to P1"). Notes are quoted by the document itself. Pure.
 */
import type { TimelineEntry } from '../timeline.js';

const str = (v: unknown): string | null =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;

function list(v: unknown): string {
  return Array.isArray(v) && v.length > 0 ? v.map(String).join(', ') : 'nobody';
}

export function describeEvent(e: Pick<TimelineEntry, 'kind' | 'actor' | 'detail'>): string {
  const d = e.detail ?? {};
  const by = e.actor ? ` by ${e.actor}` : '';
  const reason = str(d.reason) ? ` (${str(d.reason)})` : '';
  switch (e.kind) {
    case 'opened':
      return `Opened by alerts${str(d.policy) ? `, paging policy ${str(d.policy)}` : ''}`;
    case 'declared':
      return `Declared${by}`;
    case 'paged':
    case 'escalated':
      return `${e.kind === 'paged' ? 'Paged' : 'Escalated to'} step ${str(d.step) ?? '?'}: ${list(d.people)}`;
    case 'acknowledged':
      return `Acknowledged${by}`;
    case 'resolved':
      return `Resolved${by}${reason}`;
    case 'closed':
      return `Closed${by}`;
    case 'reopened':
      return `Reopened${by}${reason}`;
    case 'status_changed':
      return `Status changed from ${str(d.from) ?? '?'} to ${str(d.to) ?? '?'}${by}`;
    case 'severity_changed':
      return `Severity changed from ${str(d.from) ?? 'none'} to ${str(d.to) ?? 'none'}${by}${reason}`;
    case 'role_assigned':
      return d.to === null || d.to === undefined
        ? `${str(d.from) ?? 'Nobody'} no longer ${str(d.role) ?? 'in a role'}${by}`
        : `${str(d.to)} became ${str(d.role) ?? 'responder'}${by}`;
    case 'alerts_fired':
      return `${str(d.count) ?? 'More'} alert(s) fired`;
    case 'alerts_resolved':
      return `${str(d.count) ?? 'Some'} alert(s) resolved${d.all ? ' (all of them)' : ''}`;
    case 'public_update':
      return `Public update (${str(d.status) ?? 'update'})${by}`;
    case 'reassigned':
      return `Reassigned to ${str(d.to) ?? '?'}${by}`;
    case 'snoozed':
      return `Snoozed until ${str(d.until) ?? '?'}${by}`;
    case 'snooze_ended':
      return 'Snooze ended; paging again';
    case 'edited':
      return `Edited (${list(d.fields)})${by}`;
    case 'services_changed':
      return `Services changed${by}`;
    case 'action_item_added':
      return `Action item added${by}: ${str(d.title) ?? '?'}${str(d.owner) ? ` (owner ${str(d.owner)})` : ''}`;
    case 'action_item_done':
      return `Action item done${by}: ${str(d.title) ?? '?'}`;
    case 'action_item_reopened':
      return `Action item reopened${by}: ${str(d.title) ?? '?'}`;
    case 'postmortem_published':
    case 'postmortem_unpublished':
      return `Post-mortem ${e.kind === 'postmortem_published' ? 'published' : 'unpublished'}${by}`;
    case 'postmortem_reminder':
      return `Post-mortem reminder ${d.to ? `to ${str(d.to)}` : 'to nobody'}${d.overdue ? ' (overdue)' : ''}`;
    case 'notification_delivered':
    case 'notification_failed':
      return `Notification ${e.kind === 'notification_delivered' ? 'delivered' : 'failed'} on ${str(d.channel) ?? '?'}${str(d.person) ? ` to ${str(d.person)}` : ''}`;
    default:
      return `${e.kind.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase())}${by}`;
  }
}
