/** The NotificationMessage of a page or of an incident update, for one recipient. */
import type { OpsConfig, PersonConfig } from '../../config/index.js';
import type {
  MessageAlert,
  MessageEvent,
  MessageRecipient,
  NotificationMessage,
} from '../../notify/message.js';
import { isoTime } from '../../lib/time.js';

/** What a message needs to know about the incident. */
export interface IncidentFacts {
  id: number;
  title: string;
  severity: string | null;
  service: string | null;
  status: 'triggered' | 'acknowledged' | 'resolved';
  openedAt: number;
  step: number;
  round: number;
  actor: string | null;
  alerts: MessageAlert[];
}

export interface MessageLinksFor {
  view: string;
  acknowledge?: string | undefined;
  resolve?: string | undefined;
}

export function recipientOf(id: string, p: PersonConfig): MessageRecipient {
  return {
    id,
    name: p.name,
    email: p.email,
    phone: p.phone,
    slackUserId: p.slack_user_id,
    discordUserId: p.discord_user_id,
    telegramChatId: p.telegram_chat_id,
    ntfyTopic: p.ntfy_topic,
  };
}

/** Every message of one incident threads under this id (email `References`). */
export function threadIdOf(incidentId: number, publicUrl: string): string {
  return `<opsdeck-incident-${incidentId}@${new URL(publicUrl).hostname}>`;
}

const VERB: Record<MessageEvent, string> = {
  'alert.group': 'Alerts',
  'incident.triggered': 'Incident',
  'incident.escalated': 'Escalated',
  'incident.acknowledged': 'Acknowledged',
  'incident.resolved': 'Resolved',
  'postmortem.due': 'Post-mortem due',
  test: 'Test',
};

export function incidentMessage(input: {
  config: OpsConfig;
  publicUrl: string;
  event: MessageEvent;
  incident: IncidentFacts;
  person: { id: string; config: PersonConfig } | null;
  links: MessageLinksFor;
}): NotificationMessage {
  const { incident, event, config } = input;
  const severityTitle = incident.severity
    ? (config.severities[incident.severity]?.title ?? null)
    : null;
  const tag = incident.severity ? `[${incident.severity}] ` : '';
  const title = `${tag}${VERB[event]} #${incident.id}: ${incident.title}`;
  const lines = [incident.title];
  if (incident.service) lines.push(`Service: ${incident.service}`);
  if (severityTitle) lines.push(`Severity: ${incident.severity} (${severityTitle})`);
  if (event === 'incident.escalated')
    lines.push(
      `Escalation step ${incident.step + 1}, round ${incident.round + 1}: nobody acknowledged yet.`,
    );
  if (incident.actor && (event === 'incident.acknowledged' || event === 'incident.resolved'))
    lines.push(
      `${event === 'incident.acknowledged' ? 'Acknowledged' : 'Resolved'} by ${incident.actor}.`,
    );
  for (const a of incident.alerts.slice(0, 10)) {
    const summary = a.annotations.summary ?? a.annotations.description ?? '';
    lines.push(`- ${a.labels.alertname ?? 'alert'}${summary ? `: ${summary}` : ''}`);
  }
  if (incident.alerts.length > 10) lines.push(`… and ${incident.alerts.length - 10} more alerts`);
  const person = input.person;
  return {
    event,
    title,
    text: lines.join('\n'),
    severity: incident.severity,
    status: incident.status,
    incident: {
      id: incident.id,
      title: incident.title,
      severity: incident.severity,
      severityTitle,
      service: incident.service,
      status: incident.status,
      openedAt: isoTime(incident.openedAt),
      step: incident.step,
      round: incident.round,
      actor: incident.actor,
      threadId: threadIdOf(incident.id, input.publicUrl),
    },
    recipient: person ? recipientOf(person.id, person.config) : undefined,
    alerts: incident.alerts,
    links: input.links,
    // One PagerDuty/Opsgenie alert per incident and person, so each person's page is
    // acknowledged or resolved on its own.
    dedupKey: `opsdeck-incident-${incident.id}${person ? `-${person.id}` : ''}`,
  };
}
