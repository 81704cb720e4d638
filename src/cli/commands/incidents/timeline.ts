/**
 * Timeline entries in words. Each kind's detail is the one its verb writes
 * (src/incidents/verbs/, steps.ts, timeline.ts); a kind this CLI does not know yet still
 * prints, with its detail as JSON, so a newer server never hides events from an older CLI.
 */
import type { TimelineEntry } from './api.js';
import { instant } from './format.js';

type Detail = Record<string, unknown>;

const by = (e: TimelineEntry) => (e.actor ? ` by ${e.actor}` : '');
const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
const words = (v: unknown) => (Array.isArray(v) && v.length ? v.map(str).join(', ') : '-');
const list = (v: unknown, sign: string) => (Array.isArray(v) ? v.map((s) => sign + str(s)) : []);
const reason = (d: Detail) => (typeof d.reason === 'string' ? `: ${d.reason}` : '');

function alerts(d: Detail): string {
  const named = Array.isArray(d.alerts)
    ? (d.alerts as Detail[]).map(
        (a) => `${str(a.alertname) || '?'}${a.instance ? ` (${str(a.instance)})` : ''}`,
      )
    : [];
  return named.length ? `: ${named.join(', ')}` : '';
}

function paged(d: Detail): string {
  const unreached = Array.isArray(d.unreached) && d.unreached.length;
  return (
    `step ${str(d.step)}, round ${str(d.round)}: ${words(d.people)}` +
    (Array.isArray(d.channels) && d.channels.length ? `; channels ${words(d.channels)}` : '') +
    (unreached ? `; ${unreached} target(s) unreachable` : '')
  );
}

/** A page outcome from the notification outbox: who, how, after how many attempts. */
function outcome(d: Detail, delivered: boolean): string {
  const to = d.person ? ` to ${str(d.person)}` : '';
  const attempts = Number(d.attempts);
  const tries = `${attempts} attempt${attempts === 1 ? '' : 's'}`;
  const http = d.status_code !== undefined ? `, HTTP ${str(d.status_code)}` : '';
  const event = str(d.event).replace(/^incident\./, '');
  return delivered
    ? `${event} notification delivered via ${str(d.channel)}${to} (${tries}${http})`
    : `${event} notification FAILED via ${str(d.channel)}${to} after ${tries}${http}${d.error ? `: ${str(d.error)}` : ''}`;
}

/** One line for the entry, without its time. */
export function describeEntry(e: TimelineEntry): string {
  const d = e.detail ?? {};
  switch (e.kind) {
    case 'opened':
      return `opened by alerts (${str(d.alerts)} firing, policy ${str(d.policy) || '-'})`;
    case 'declared':
      return `declared${by(e)}: severity ${str(d.severity)}, services ${words(d.services)}, policy ${str(d.policy) || 'none'}`;
    case 'paged':
      return `paged ${paged(d)}`;
    case 'escalated':
      return `escalated${by(e)} to ${paged(d)}`;
    case 'acknowledged':
    case 'resolved':
    case 'closed':
      return `${e.kind}${by(e)}${reason(d)}`;
    case 'status_changed':
      return `${str(d.from)} → ${str(d.to)}${by(e)}${reason(d)}`;
    case 'reopened':
      return `reopened${by(e)} (was ${str(d.from)})${reason(d)}`;
    case 'severity_changed':
      return `severity ${str(d.from) || '-'} → ${str(d.to)}${by(e)}${reason(d)}`;
    case 'role_assigned':
      return `${str(d.role)}: ${str(d.from) || 'none'} → ${str(d.to) || 'none'}${by(e)}`;
    case 'note':
      return `note${by(e)}`;
    case 'public_update':
      return `public update (${str(d.status)})${by(e)}`;
    case 'edited':
      return `edited${by(e)}: ${words(d.fields)}`;
    case 'services_changed':
      return `services${by(e)}: ${[...list(d.added, '+'), ...list(d.removed, '-')].join(' ')}`;
    case 'alerts_fired':
      return `${str(d.count)} alert(s) fired${alerts(d)}`;
    case 'alerts_resolved':
      return `${str(d.count)} alert(s) resolved${d.all ? ' (all of them)' : ''}${alerts(d)}`;
    case 'snoozed':
      return `snoozed${by(e)} until ${instant(str(d.until) || null)}`;
    case 'snooze_ended':
      return 'snooze ended: paging again';
    case 'reassigned':
      return `reassigned${by(e)} to ${str(d.to)}`;
    case 'notification_delivered':
    case 'notification_failed':
      return outcome(d, e.kind === 'notification_delivered');
    case 'action_item_added':
      return `action item ${str(d.item)} added${by(e)}: ${str(d.title)}${d.owner ? ` (owner ${str(d.owner)})` : ''}`;
    case 'action_item_done':
    case 'action_item_reopened':
      return `action item ${str(d.item)} ${e.kind === 'action_item_done' ? 'done' : 'reopened'}${by(e)}: ${str(d.title)}`;
    case 'postmortem_published':
    case 'postmortem_unpublished':
      return `post-mortem ${e.kind === 'postmortem_published' ? 'published' : 'back to draft'}${by(e)}`;
    case 'postmortem_reminder':
      return `post-mortem reminder to ${str(d.to) || 'nobody'}${d.overdue ? ' (overdue)' : ''}, due ${instant(str(d.due_at) || null)}`;
    default:
      return `${e.kind}${by(e)}${e.detail ? ` ${JSON.stringify(e.detail)}` : ''}`;
  }
}

/**
 * A note's markdown, printed under its line as written (a terminal shows markdown well enough;
 * the API's `html` is for browsers). Public updates' messages are in their own section.
 */
export function noteBody(e: TimelineEntry): string | undefined {
  return e.kind === 'note' && typeof e.detail?.body === 'string' ? e.detail.body : undefined;
}
