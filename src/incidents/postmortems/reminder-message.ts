/**
 * What a post-mortem reminder sends, and where: the owner's everyday channels (their `default`
 * rules; without usable ones, every channel their other rules name), never a pager kind
 * (PagerDuty, Opsgenie): a write-up being due is not worth waking anyone. No rule delays, no
 * fallbacks: a reminder that fails is retried by the outbox and otherwise simply missed. Pure.
 */
import type { OpsConfig } from '../../config/index.js';
import { publicUrlOf } from '../../config/index.js';
import { isoTime } from '../../lib/time.js';
import type { NewNotification } from '../../notify/dispatch/types.js';
import { incidentMessage } from '../../oncall/escalation/messages.js';
import type { IncidentRow } from '../types.js';
import { humanDuration, shortTime } from './markdown-text.js';

/** Channel kinds that page (open alerts on a phone); reminders never go there. */
const PAGER_KINDS: ReadonlySet<string> = new Set(['pagerduty', 'opsgenie']);

/** The channels to remind `personId` on, in rule order without repeats; empty when none fit. */
export function reminderChannels(config: OpsConfig, personId: string): string[] {
  const person = config.people[personId];
  if (!person) return [];
  const usable = (rules: readonly { channel: string }[]) => [
    ...new Set(
      rules
        .map((r) => r.channel)
        .filter((c) => config.channels[c] && !PAGER_KINDS.has(config.channels[c].type)),
    ),
  ];
  const defaults = usable(person.notify.default ?? []);
  if (defaults.length > 0) return defaults;
  return usable(
    Object.entries(person.notify)
      .filter(([key]) => key !== 'default')
      .flatMap(([, rules]) => rules),
  );
}

/** The console URL of an incident's post-mortem. */
export function postmortemUrl(config: OpsConfig, incidentId: number): string {
  return `${publicUrlOf(config.server)}/api/v1/incidents/${incidentId}/postmortem`;
}

/** One notification per channel of the owner, for the reminder sent at `now`. */
export function reminderNotifications(
  config: OpsConfig,
  incident: Pick<IncidentRow, 'id' | 'title' | 'severity' | 'service' | 'status' | 'opened_at'>,
  owner: string,
  channels: readonly string[],
  dueAt: number,
  now: number,
): NewNotification[] {
  const id = Number(incident.id);
  const overdue = now >= dueAt;
  const base = incidentMessage({
    config,
    publicUrl: publicUrlOf(config.server),
    event: 'postmortem.due',
    incident: {
      id,
      title: incident.title,
      severity: incident.severity,
      service: incident.service,
      status:
        incident.status === 'resolved' || incident.status === 'closed'
          ? 'resolved'
          : 'acknowledged',
      openedAt: Number(incident.opened_at),
      step: 0,
      round: 0,
      actor: null,
      alerts: [],
    },
    person: { id: owner, config: config.people[owner]! },
    links: { view: postmortemUrl(config, id) },
  });
  const when = overdue
    ? `The post-mortem was due ${shortTime(dueAt)} (${humanDuration(now - dueAt)} ago).`
    : `The post-mortem is due ${shortTime(dueAt)} (in ${humanDuration(dueAt - now)}).`;
  const message = {
    ...base,
    title: overdue ? base.title.replace('Post-mortem due', 'Post-mortem overdue') : base.title,
    text: `${base.text}\n${when}\nWrite it up, add action items, then publish it.`,
    postmortem: { dueAt: isoTime(dueAt), overdue },
    // Never merged with the incident's pages by receivers that deduplicate.
    dedupKey: `opsdeck-postmortem-${id}-${owner}`,
  };
  return channels.map((channel) => ({ channel, person: owner, incidentId: id, message }));
}
