/** The API's post-mortem and action item shapes (zod): the OpenAPI document's parts. */
import { z } from 'zod';
import { incidentSchema } from '../schemas.js';
import { TITLE_MAX_LENGTH } from './action-items.js';
import { BODY_MAX_LENGTH } from './edit.js';
import { ACTION_ITEM_STATUSES, POSTMORTEM_STATUSES } from './views.js';

export const actionItemSchema = z
  .object({
    id: z.number(),
    incident: z.number(),
    incident_title: z.string(),
    title: z.string(),
    owner: z.string().nullable(),
    due_at: z.string().nullable(),
    url: z.string().nullable(),
    status: z.enum(ACTION_ITEM_STATUSES),
    overdue: z.boolean(),
    created_at: z.string(),
    created_by: z.string(),
    updated_at: z.string(),
    done_at: z.string().nullable(),
    done_by: z.string().nullable(),
  })
  .meta({ id: 'ActionItem' });

export const postmortemSchema = z
  .object({
    incident: incidentSchema,
    status: z.enum(POSTMORTEM_STATUSES),
    required: z.boolean(),
    due_at: z.string().nullable(),
    overdue: z.boolean(),
    owner: z.string().nullable(),
    reminders: z.number(),
    next_reminder_at: z.string().nullable(),
    body: z.string().meta({ description: 'The narrative (markdown): saved, else the draft.' }),
    generated: z.boolean().meta({ description: 'The body is the generated draft.' }),
    document: z.string().meta({ description: 'The whole post-mortem as markdown.' }),
    html: z.string().meta({ description: 'The document rendered to sanitized HTML.' }),
    action_items: z.array(actionItemSchema),
    updated_at: z.string().nullable(),
    updated_by: z.string().nullable(),
    published_at: z.string().nullable(),
    published_by: z.string().nullable(),
  })
  .meta({ id: 'Postmortem' });

const person = z.string().min(1).max(64);
const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).max(2000);
const due = z
  .string()
  .min(1)
  .max(40)
  .meta({ description: 'YYYY-MM-DD (due by the end of that day, UTC) or an ISO 8601 time.' });

export const postmortemEditBody = z.strictObject({
  body: z
    .string()
    .max(BODY_MAX_LENGTH, {
      error: `a post-mortem is at most ${BODY_MAX_LENGTH} characters`,
    })
    .nullable()
    .optional()
    .meta({ description: 'Markdown; null goes back to the generated draft.' }),
  owner: person
    .nullable()
    .optional()
    .meta({ description: 'Person reminded while it is due; null: nobody.' }),
});

export const newActionItemBody = z.strictObject({
  title: z.string().trim().min(1).max(TITLE_MAX_LENGTH),
  owner: person.optional(),
  due: due.optional(),
  url: httpUrl.optional(),
});

export const actionItemPatchBody = z.strictObject({
  title: z.string().trim().min(1).max(TITLE_MAX_LENGTH).optional(),
  owner: person.nullable().optional(),
  due: due.nullable().optional(),
  url: httpUrl.nullable().optional(),
  status: z.enum(ACTION_ITEM_STATUSES).optional(),
});

export const actionItemParams = z.object({
  id: z.coerce.number({ error: 'expected an action item number' }).int().positive(),
});
