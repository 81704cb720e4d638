/**
 * The email of a message: a subject that says what happened, a plain-text part and an HTML part
 * with the same content (every value escaped, the one-click links as buttons), and the headers
 * that thread it (`threading.ts`) and mark it as machine-sent, so vacation responders stay quiet
 * (RFC 3834 `Auto-Submitted`; Exchange's `X-Auto-Response-Suppress`).
 */
import type { NotificationMessage } from '../../message.js';
import type { ChannelConfigOf } from '../channel.js';
import {
  accentColor,
  actionLinks,
  alertLines,
  escapeHtml,
  facts,
  headline,
  isReminder,
  lifecycleAction,
  statusWords,
} from '../render.js';
import { threadHeaders } from './threading.js';

export interface RenderedEmail {
  from: string;
  /** Empty when the channel cannot reach anyone for this message (see `unreachable`). */
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
  inReplyTo?: string;
  references?: string;
  priority: 'high' | 'normal';
  headers: Record<string, string>;
}

/** The person's own address when the page is for a person, else the channel's `to`. */
export function emailRecipients(
  message: NotificationMessage,
  config: ChannelConfigOf<'email'>,
): string[] {
  return message.recipient?.email ? [message.recipient.email] : (config.to ?? []);
}

/**
 * `[P1] api: HighErrorRate`, with `[ACK]` or `[RESOLVED]` in front for those events; a
 * post-mortem reminder's own title (`[P1] Post-mortem due #12: …`) as it is. (Clients
 * that thread by subject, as Gmail does, may start a new conversation for these: the tag is
 * what tells a reader the incident is handled at a glance, which matters more.)
 */
export function emailSubject(message: NotificationMessage): string {
  // A reminder's title says what it is; `[RESOLVED]` would read as news about the incident.
  if (isReminder(message)) return headline(message);
  const tag = { trigger: '', acknowledge: '[ACK] ', resolve: '[RESOLVED] ' };
  return `${tag[lifecycleAction(message)]}${headline(message)}`;
}

function textBody(message: NotificationMessage): string {
  const alerts = alertLines(message);
  return [
    `${headline(message)}\n${statusWords(message)}`,
    message.text,
    facts(message)
      .map((f) => `${f.name}: ${f.value}`)
      .join('\n'),
    alerts.length ? `Alerts:\n${alerts.map((l) => `- ${l}`).join('\n')}` : '',
    actionLinks(message)
      .map((l) => `${l.label}: ${l.url}`)
      .join('\n'),
    '-- \nSent by Opsdeck',
  ]
    .filter(Boolean)
    .join('\n\n');
}

function htmlBody(message: NotificationMessage): string {
  const color = `#${accentColor(message).toString(16).padStart(6, '0')}`;
  const rows = facts(message)
    .map(
      (f) =>
        `<tr><td style="padding:4px 16px 4px 0;color:#666">${escapeHtml(f.name)}</td><td style="padding:4px 0">${escapeHtml(f.value)}</td></tr>`,
    )
    .join('');
  const alerts = alertLines(message)
    .map((l) => `<li>${escapeHtml(l)}</li>`)
    .join('');
  const buttons = actionLinks(message)
    .map((l) => {
      const bg = l.action === 'open' ? '#455a64' : color;
      return `<a href="${escapeHtml(l.url)}" style="display:inline-block;margin:0 8px 8px 0;padding:10px 18px;background:${bg};color:#ffffff;text-decoration:none;border-radius:4px;font-weight:bold">${l.label}</a>`;
    })
    .join('');
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${escapeHtml(emailSubject(message))}</title></head>
<body style="margin:0;padding:24px;background:#f4f5f7;font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;font-size:14px;color:#222">
<table role="presentation" cellpadding="0" cellspacing="0" style="max-width:640px;width:100%;background:#ffffff;border-top:4px solid ${color}"><tr><td style="padding:24px">
<h1 style="margin:0 0 4px;font-size:20px">${escapeHtml(headline(message))}</h1>
<p style="margin:0 0 16px;color:${color};font-weight:bold">${escapeHtml(statusWords(message))}</p>
<p style="margin:0 0 16px;white-space:pre-wrap">${escapeHtml(message.text)}</p>
<table role="presentation" cellpadding="0" cellspacing="0" style="margin:0 0 16px">${rows}</table>
${alerts ? `<ul style="margin:0 0 16px;padding-left:20px;color:#444">${alerts}</ul>` : ''}
<p style="margin:16px 0 0">${buttons}</p>
<p style="margin:16px 0 0;color:#888;font-size:12px">Sent by Opsdeck</p>
</td></tr></table>
</body></html>`;
}

/** The email for `message`; `idempotencyKey` keeps the Message-ID stable across retries. */
export function renderEmail(
  message: NotificationMessage,
  config: ChannelConfigOf<'email'>,
  idempotencyKey?: string,
): RenderedEmail {
  const thread = threadHeaders(message, idempotencyKey);
  const headers: Record<string, string> = {
    'Auto-Submitted': 'auto-generated',
    'X-Auto-Response-Suppress': 'All',
    'X-Opsdeck-Event': message.event,
  };
  if (message.incident) headers['X-Opsdeck-Incident'] = String(message.incident.id);
  const urgent = lifecycleAction(message) === 'trigger' && /^P[01]$/.test(message.severity ?? '');
  return {
    from: config.from,
    to: emailRecipients(message, config),
    subject: emailSubject(message),
    text: textBody(message),
    html: htmlBody(message),
    ...thread,
    priority: urgent ? 'high' : 'normal',
    headers,
  };
}
