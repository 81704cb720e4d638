import { z } from 'zod';
import { isoTime, isoTimeOrNull } from '../../lib/time.js';
import type { AggregationGroup } from '../dispatch/group.js';
import type { AlertStatus } from '../status.js';
import type { HeldAlert } from '../store/rows.js';

export const ALERT_STATES = ['firing', 'active', 'suppressed', 'resolved'] as const;
export type AlertStateFilter = (typeof ALERT_STATES)[number];

const labelMap = z.record(z.string(), z.string());

export const alertView = z
  .object({
    fingerprint: z.string(),
    state: z.enum(['firing', 'resolved']),
    status: z.enum(['active', 'suppressed', 'unprocessed']),
    severity: z.string().nullable().meta({ description: 'Opsdeck severity after severity_map.' }),
    labels: labelMap,
    annotations: labelMap,
    starts_at: z.string(),
    ends_at: z.string(),
    updated_at: z.string(),
    acknowledged_at: z.string().nullable(),
    source: z.string(),
    generator_url: z.string(),
    silenced_by: z.array(z.string()),
    inhibited_by: z.array(z.string()),
    muted_by: z.array(z.string()),
    suppressed_by: z.string().nullable().meta({ description: 'Down service it depends on.' }),
    receivers: z.array(z.string()),
  })
  .meta({ id: 'Alert' });

export function alertJson(a: HeldAlert, s: AlertStatus, now: number): z.infer<typeof alertView> {
  return {
    fingerprint: a.fingerprint,
    state: a.endsAt > now ? 'firing' : 'resolved',
    status: s.state,
    severity: s.severity,
    labels: a.labels,
    annotations: a.annotations,
    starts_at: isoTime(a.startsAt),
    ends_at: isoTime(a.endsAt),
    updated_at: isoTime(a.updatedAt),
    acknowledged_at: isoTimeOrNull(a.acknowledgedAt),
    source: a.source,
    generator_url: a.generatorURL,
    silenced_by: s.silencedBy,
    inhibited_by: s.inhibitedBy,
    muted_by: s.mutedBy,
    suppressed_by: s.suppressedBy,
    receivers: s.receivers,
  };
}

/** Whether an alert in state `s` passes the `state` filter. */
export function inState(filter: AlertStateFilter, a: HeldAlert, s: AlertStatus, now: number) {
  const firing = a.endsAt > now;
  switch (filter) {
    case 'firing':
      return firing;
    case 'resolved':
      return !firing;
    case 'active':
      return firing && s.state !== 'suppressed';
    case 'suppressed':
      return firing && s.state === 'suppressed';
  }
}

const groupMember = z.object({
  fingerprint: z.string(),
  state: z.enum(['firing', 'resolved']),
  status: z.enum(['active', 'suppressed', 'unprocessed']),
  labels: labelMap,
});

export const groupView = z
  .object({
    key: z.string().meta({ description: 'Alertmanager group key: route key and group labels.' }),
    route: z.string(),
    labels: labelMap,
    severity: z.string().nullable(),
    created_at: z.string(),
    last_flush_at: z.string().nullable(),
    notify: z.array(z.object({ target: z.string(), last_notified_at: z.string().nullable() })),
    alerts: z.array(groupMember),
    dependents: z
      .array(groupMember)
      .meta({ description: 'Alerts of dependent services held back by this group’s outage.' }),
  })
  .meta({ id: 'AlertGroup' });

export type GroupJson = z.infer<typeof groupView>;
export type GroupMemberJson = z.infer<typeof groupMember>;

export function memberJson(a: HeldAlert, s: AlertStatus, now: number): GroupMemberJson {
  return {
    fingerprint: a.fingerprint,
    state: a.endsAt > now ? 'firing' : 'resolved',
    status: s.state,
    labels: a.labels,
  };
}

export function groupBase(g: AggregationGroup) {
  return {
    key: g.key,
    route: g.route.key,
    labels: g.labels,
    created_at: isoTime(g.createdAt),
    last_flush_at: isoTimeOrNull(g.lastFlushAt),
  };
}
