/**
 * A post-mortem as the API shows it: its state, the narrative (saved or generated), the
 * assembled markdown document and that document rendered to sanitized HTML, and the action
 * items. Read fresh each time: the document follows the incident, its pins and its items.
 */
import type { OpsConfig } from '../../config/index.js';
import { AppError } from '../../errors.js';
import { renderMarkdown } from '../../lib/markdown.js';
import { loadView, updatesOf, type Db } from '../repository.js';
import { timelineOf } from '../timeline.js';
import type { IncidentView } from '../types.js';
import { postmortemDocument } from './document.js';
import { draftBody } from './draft.js';
import { actionItemsOf, postmortemRow } from './repository.js';
import {
  actionItemView,
  postmortemState,
  type ActionItemView,
  type PostmortemState,
} from './views.js';

export interface PostmortemDetail extends Omit<PostmortemState, 'incident'> {
  incident: IncidentView;
  body: string;
  /** The body is the generated draft (nobody saved one yet). */
  generated: boolean;
  document: string;
  html: string;
  action_items: ActionItemView[];
}

/** Whether incidents of `severity` need a post-mortem once resolved. */
export function requiredBy(config: OpsConfig, severity: string | null): boolean {
  return severity !== null && config.severities[severity]?.postmortem_within !== undefined;
}

async function incidentOf(db: Db, id: number): Promise<IncidentView> {
  const view = await loadView(db, id);
  if (!view) throw new AppError('not_found', `incident ${id} does not exist`);
  return view;
}

/** The state alone (the change feed). */
export async function loadPostmortemState(
  db: Db,
  config: OpsConfig,
  id: number,
  now: number,
): Promise<PostmortemState> {
  const view = await incidentOf(db, id);
  return postmortemState(id, await postmortemRow(db, id), requiredBy(config, view.severity), now);
}

export async function loadPostmortem(
  db: Db,
  config: OpsConfig,
  id: number,
  now: number,
): Promise<PostmortemDetail> {
  const incident = await incidentOf(db, id);
  const [row, timeline, items, updates] = await Promise.all([
    postmortemRow(db, id),
    timelineOf(db, id),
    actionItemsOf(db, id),
    updatesOf(db, id),
  ]);
  const state = postmortemState(id, row, requiredBy(config, incident.severity), now);
  const body = row?.body ?? draftBody(incident);
  const actionItems = items.map((r) => actionItemView(r, now));
  const document = postmortemDocument({
    incident,
    severityTitle: incident.severity ? (config.severities[incident.severity]?.title ?? null) : null,
    postmortem: state,
    body,
    pinned: timeline.filter((e) => e.pinned),
    actionItems,
    updates,
  });
  return {
    ...state,
    incident,
    body,
    generated: row?.body == null,
    document,
    html: renderMarkdown(document),
    action_items: actionItems,
  };
}
