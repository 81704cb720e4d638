/**
 * Rendering shared by every channel kind: the headline, the status words, the facts, the alert
 * list, the action links, and safe truncation and escaping. Kinds only arrange these pieces in
 * their vendor's format, so a message reads the same in Slack, in an email and on a phone.
 */
import type { MessageAlert, NotificationMessage } from '../message.js';

/** A one-click link of the message, in the order every kind shows them. */
export interface ActionLink {
  action: 'acknowledge' | 'resolve' | 'open';
  label: 'Acknowledge' | 'Resolve' | 'Open';
  url: string;
}

/** Acknowledge and Resolve while the incident still offers them, then Open (always). */
export function actionLinks(m: NotificationMessage): ActionLink[] {
  const links: ActionLink[] = [];
  if (m.links.acknowledge)
    links.push({ action: 'acknowledge', label: 'Acknowledge', url: m.links.acknowledge });
  if (m.links.resolve) links.push({ action: 'resolve', label: 'Resolve', url: m.links.resolve });
  links.push({ action: 'open', label: 'Open', url: m.links.view });
  return links;
}

/** The title, starting with `[P1]` when the message has a severity (added unless already there). */
export function headline(m: NotificationMessage): string {
  const tag = m.severity ? `[${m.severity}]` : '';
  return !tag || m.title.startsWith(tag) ? m.title : `${tag} ${m.title}`;
}

/**
 * What a receiver that tracks alerts (PagerDuty, Opsgenie) should do: an acknowledgement and a
 * resolution close what the trigger opened under the same dedup key.
 */
export function lifecycleAction(m: NotificationMessage): 'trigger' | 'acknowledge' | 'resolve' {
  // A post-mortem reminder is about a resolved incident: never something to open or page.
  if (isReminder(m)) return 'resolve';
  if (m.event === 'incident.resolved' || m.status === 'resolved') return 'resolve';
  if (m.event === 'incident.acknowledged' || m.status === 'acknowledged') return 'acknowledge';
  return 'trigger';
}

/** A reminder (post-mortem due) rather than news about the incident: quiet, no alarm colours. */
export function isReminder(m: NotificationMessage): boolean {
  return m.event === 'postmortem.due';
}

/** `2026-05-01T14:00:00.000Z` as `2026-05-01 14:00 UTC`. */
function shortUtc(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** A few words for the event: `Triggered`, `Escalated (step 2)`, `Acknowledged by alice`, … */
export function statusWords(m: NotificationMessage): string {
  const by = m.incident?.actor ? ` by ${m.incident.actor}` : '';
  switch (m.event) {
    case 'incident.triggered':
      return 'Triggered';
    case 'incident.escalated':
      return `Escalated (step ${(m.incident?.step ?? 0) + 1})`;
    case 'incident.acknowledged':
      return `Acknowledged${by}`;
    case 'incident.resolved':
      return `Resolved${by}`;
    case 'alert.group':
      return m.status === 'resolved' ? 'Resolved' : 'Firing';
    case 'postmortem.due': {
      const due = m.postmortem ? shortUtc(m.postmortem.dueAt) : null;
      if (m.postmortem?.overdue) return `Post-mortem overdue (was due ${due})`;
      return due ? `Post-mortem due ${due}` : 'Post-mortem due';
    }
    case 'test':
      return 'Test notification';
  }
}

/** The service the message is about: the incident's, else a `service` label all alerts share. */
export function serviceOf(m: NotificationMessage): string | null {
  if (m.incident?.service) return m.incident.service;
  return commonLabel(m.alerts, 'service');
}

/** A label value every alert of the message carries, or null. */
export function commonLabel(alerts: MessageAlert[], name: string): string | null {
  const value = alerts[0]?.labels[name];
  return value !== undefined && alerts.every((a) => a.labels[name] === value) ? value : null;
}

/** Name/value pairs shown as fields (Slack, Discord), facts (Teams) or a table (email). */
export function facts(m: NotificationMessage): { name: string; value: string }[] {
  const out: { name: string; value: string }[] = [];
  const severityTitle = m.incident?.severityTitle;
  if (m.severity)
    out.push({
      name: 'Severity',
      value: severityTitle ? `${m.severity} ${severityTitle}` : m.severity,
    });
  const service = serviceOf(m);
  if (service) out.push({ name: 'Service', value: service });
  out.push({ name: 'Status', value: statusWords(m) });
  if (m.incident) out.push({ name: 'Incident', value: `#${m.incident.id}` });
  if (m.recipient) out.push({ name: 'For', value: m.recipient.name });
  return out;
}

/**
 * One line per alert (`firing HighErrorRate instance=api-1`), at most `max`, then how many
 * more there are. The summaries are in the message's text already.
 */
export function alertLines(m: NotificationMessage, max = 10): string[] {
  const lines = m.alerts.slice(0, max).map((a) => {
    const where = a.labels.instance ?? a.labels.service;
    const name = a.labels.alertname ?? a.fingerprint;
    return `${a.status} ${name}${where ? ` ${a.labels.instance ? 'instance' : 'service'}=${where}` : ''}`;
  });
  if (m.alerts.length > max) lines.push(`… and ${m.alerts.length - max} more`);
  return lines;
}

/** When it started: the incident's opening, else the earliest alert, else now (ISO 8601). */
export function startedAt(m: NotificationMessage): string {
  if (m.incident) return m.incident.openedAt;
  const starts = m.alerts.map((a) => a.startsAt).sort();
  return starts[0] ?? new Date().toISOString();
}

/**
 * Cuts `text` to at most `max` characters (UTF-16 units, as JSON limits count), ending with `…`
 * when cut, never inside a surrogate pair.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  if (end > 0 && isHighSurrogate(text.charCodeAt(end - 1))) end--;
  return `${text.slice(0, end)}…`;
}

/** As `truncate`, for limits in UTF-8 bytes (ntfy). */
export function truncateBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  let out = '';
  let bytes = 3; // the ellipsis
  for (const ch of text) {
    bytes += Buffer.byteLength(ch);
    if (bytes > maxBytes) break;
    out += ch;
  }
  return `${out}…`;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * Colour by urgency: reminders blue (orange once overdue), resolved green, acknowledged amber,
 * then by severity (P0/P1 red).
 */
export function accentColor(m: NotificationMessage): number {
  if (isReminder(m)) return m.postmortem?.overdue ? 0xef6c00 : 0x1565c0;
  if (lifecycleAction(m) === 'resolve') return 0x2e7d32;
  if (lifecycleAction(m) === 'acknowledge') return 0xf9a825;
  switch (m.severity) {
    case 'P0':
    case 'P1':
      return 0xc62828;
    case 'P2':
      return 0xef6c00;
    default:
      return 0x1565c0;
  }
}
