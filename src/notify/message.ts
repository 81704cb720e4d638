/**
 * What a notification says, whatever channel carries it. Messages are stored as JSON in the
 * outbox when enqueued and rendered for their channel at delivery time, so a fallback to
 * another channel re-renders the same message.
 */

/** Why the notification is sent. */
export type MessageEvent =
  /** An alert group routed to channels (`routes.notify`); carries Alertmanager's webhook body. */
  | 'alert.group'
  /** A person or channel paged for an incident (first step or escalation). */
  | 'incident.triggered'
  | 'incident.escalated'
  | 'incident.acknowledged'
  | 'incident.resolved'
  /**
   * A reminder to the owner of a required post-mortem that is due soon or overdue (never a
   * page: pager kinds are not sent these). Carries `postmortem`.
   */
  | 'postmortem.due'
  /** `opsdeck notify test <channel>`. */
  | 'test';

export interface MessageAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** ISO 8601. */
  startsAt: string;
  /** ISO 8601; Go's zero time for firing alerts, as Alertmanager sends. */
  endsAt: string;
  generatorURL: string;
  fingerprint: string;
}

export interface MessageIncident {
  id: number;
  title: string;
  /** Severity id, e.g. `P1`, or null when the alerts carried none. */
  severity: string | null;
  /** Severity title, e.g. `High`. */
  severityTitle: string | null;
  service: string | null;
  status: 'triggered' | 'acknowledged' | 'resolved';
  /** ISO 8601. */
  openedAt: string;
  /** Escalation step (0-based) and round (0-based) that sent this page. */
  step: number;
  round: number;
  /** Who acknowledged or resolved, for those events. */
  actor: string | null;
  /** Email threading: every message of one incident shares this root Message-ID. */
  threadId: string;
}

/** The person a page is for; absent for channel targets and alert groups. */
export interface MessageRecipient {
  id: string;
  name: string;
  email?: string | undefined;
  phone?: string | undefined;
  slackUserId?: string | undefined;
  discordUserId?: string | undefined;
  telegramChatId?: string | undefined;
  ntfyTopic?: string | undefined;
}

export interface MessageLinks {
  /** The incident (or alert list) in the console. */
  view: string;
  /** One-click signed, expiring links; absent once the incident is acknowledged/resolved. */
  acknowledge?: string | undefined;
  resolve?: string | undefined;
}

export interface NotificationMessage {
  event: MessageEvent;
  /** One line: `[P1] api: HighErrorRate (3 alerts)`. */
  title: string;
  /** A few lines of plain text: what fired, the summary annotations. */
  text: string;
  severity: string | null;
  status: 'firing' | 'resolved' | 'triggered' | 'acknowledged';
  incident?: MessageIncident | undefined;
  recipient?: MessageRecipient | undefined;
  alerts: MessageAlert[];
  links: MessageLinks;
  /** For `alert.group`: Alertmanager's webhook payload v4 (+ severity, dependents), sent as is by webhook channels. */
  group?: Record<string, unknown> | undefined;
  /** For `postmortem.due`: when the post-mortem is due (ISO 8601) and whether that has passed. */
  postmortem?: { dueAt: string; overdue: boolean } | undefined;
  /** Dedup key for receivers that deduplicate (PagerDuty, Opsgenie alias): stable per incident or group. */
  dedupKey: string;
}
