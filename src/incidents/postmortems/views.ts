/** Post-mortems and action items as the API, the document and the CLI show them. */
import type { Selectable } from 'kysely';
import { isoTime, isoTimeOrNull } from '../../lib/time.js';
import type { ActionItemsTable, PostmortemsTable } from '../../store/schema.js';

export type PostmortemRow = Selectable<PostmortemsTable>;
export type ActionItemRow = Selectable<ActionItemsTable>;

/** `not_started`: no row yet (nobody saved one and the severity did not require one). */
export const POSTMORTEM_STATUSES = ['not_started', 'draft', 'published'] as const;
export type PostmortemStatus = (typeof POSTMORTEM_STATUSES)[number];

export const ACTION_ITEM_STATUSES = ['open', 'done'] as const;
export type ActionItemStatus = (typeof ACTION_ITEM_STATUSES)[number];

export interface ActionItemView {
  id: number;
  incident: number;
  incident_title: string;
  title: string;
  owner: string | null;
  due_at: string | null;
  url: string | null;
  status: ActionItemStatus;
  /** Open and past its due time. */
  overdue: boolean;
  created_at: string;
  created_by: string;
  updated_at: string;
  done_at: string | null;
  done_by: string | null;
}

const ms = (value: number | null): number | null => (value === null ? null : Number(value));

export function isOverdueItem(row: Pick<ActionItemRow, 'status' | 'due_at'>, now: number) {
  return row.status === 'open' && row.due_at !== null && Number(row.due_at) < now;
}

export function actionItemView(
  row: ActionItemRow & { incident_title: string },
  now: number,
): ActionItemView {
  return {
    id: Number(row.id),
    incident: Number(row.incident_id),
    incident_title: row.incident_title,
    title: row.title,
    owner: row.owner,
    due_at: isoTimeOrNull(ms(row.due_at)),
    url: row.url,
    status: row.status as ActionItemStatus,
    overdue: isOverdueItem(row, now),
    created_at: isoTime(Number(row.created_at)),
    created_by: row.created_by,
    updated_at: isoTime(Number(row.updated_at)),
    done_at: isoTimeOrNull(ms(row.done_at)),
    done_by: row.done_by,
  };
}

/** A post-mortem's state without its text (the change feed, the reminder). */
export interface PostmortemState {
  incident: number;
  status: PostmortemStatus;
  required: boolean;
  due_at: string | null;
  overdue: boolean;
  owner: string | null;
  reminders: number;
  next_reminder_at: string | null;
  updated_at: string | null;
  updated_by: string | null;
  published_at: string | null;
  published_by: string | null;
}

/**
 * The state of incident `incidentId`'s post-mortem; without a row, whether its severity will
 * require one (`requiredBySeverity`).
 */
export function postmortemState(
  incidentId: number,
  row: PostmortemRow | undefined,
  requiredBySeverity: boolean,
  now: number,
): PostmortemState {
  if (!row)
    return {
      incident: incidentId,
      status: 'not_started',
      required: requiredBySeverity,
      due_at: null,
      overdue: false,
      owner: null,
      reminders: 0,
      next_reminder_at: null,
      updated_at: null,
      updated_by: null,
      published_at: null,
      published_by: null,
    };
  const due = ms(row.due_at);
  return {
    incident: incidentId,
    status: row.status as PostmortemStatus,
    required: Number(row.required) === 1,
    due_at: isoTimeOrNull(due),
    overdue: row.status !== 'published' && due !== null && now > due,
    owner: row.owner,
    reminders: Number(row.reminders),
    next_reminder_at: isoTimeOrNull(ms(row.next_reminder_at)),
    updated_at: isoTime(Number(row.updated_at)),
    updated_by: row.updated_by,
    published_at: isoTimeOrNull(ms(row.published_at)),
    published_by: row.published_by,
  };
}
