/** The API's incident shapes (zod): the single source of the OpenAPI document's incident parts. */
import { z } from 'zod';
import { INCIDENT_ROLES } from './types.js';
import { INCIDENT_STATUSES, UPDATE_STATUSES } from './lifecycle.js';

export const linkSchema = z.strictObject({
  title: z.string().trim().min(1).max(200),
  url: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).max(2000),
});

export const incidentSchema = z
  .object({
    id: z.number(),
    title: z.string(),
    severity: z.string().nullable(),
    service: z.string().nullable(),
    services: z.array(z.string()),
    status: z.enum(INCIDENT_STATUSES),
    source: z.string(),
    labels: z.record(z.string(), z.string()),
    started_at: z.string(),
    opened_at: z.string(),
    acknowledged_at: z.string().nullable(),
    acknowledged_by: z.string().nullable(),
    mitigated_at: z.string().nullable(),
    resolved_at: z.string().nullable(),
    resolved_by: z.string().nullable(),
    closed_at: z.string().nullable(),
    closed_by: z.string().nullable(),
    respond_by: z.string().nullable(),
    response_breached: z.boolean(),
    declared_by: z.string().nullable(),
    summary: z.string().nullable(),
    impact: z.string().nullable(),
    root_cause: z.string().nullable(),
    resolution: z.string().nullable(),
    roles: z.partialRecord(z.enum(INCIDENT_ROLES), z.string()),
    links: z.array(z.object({ title: z.string(), url: z.string() })),
    escalation: z.object({
      policy: z.string().nullable(),
      step: z.number(),
      round: z.number(),
      steps: z.number(),
      next_at: z.string().nullable(),
      snoozed_until: z.string().nullable(),
    }),
  })
  .meta({ id: 'Incident' });

export const timelineEntrySchema = z
  .object({
    id: z.number().nullable(),
    at: z.string(),
    kind: z.string(),
    actor: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()).nullable(),
    pinned: z.boolean(),
    html: z.string().optional(),
  })
  .meta({ id: 'IncidentTimelineEntry' });

export const updateSchema = z
  .object({
    id: z.number(),
    at: z.string(),
    status: z.enum(UPDATE_STATUSES),
    message: z.string(),
    author: z.string(),
  })
  .meta({ id: 'IncidentUpdate' });

export const incidentDetailSchema = incidentSchema
  .extend({
    timeline: z.array(timelineEntrySchema),
    participants: z.array(z.string()),
    role_history: z.array(
      z.object({
        role: z.enum(INCIDENT_ROLES),
        person: z.string(),
        from: z.string(),
        until: z.string().nullable(),
        assigned_by: z.string().nullable(),
      }),
    ),
    updates: z.array(updateSchema),
    runbooks: z
      .array(z.string())
      .meta({ description: 'Runbooks its alerts named, then those of its services.' }),
  })
  .meta({ id: 'IncidentDetail' });

export const idParams = z.object({
  id: z.coerce.number({ error: 'expected an incident number' }).int().positive(),
});

/** A write-up field: markdown, at most 20,000 characters; null clears it. */
export const writeUp = z.string().max(20_000).nullable().optional();
