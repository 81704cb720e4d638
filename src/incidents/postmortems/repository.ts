/** Post-mortem and action item queries. Same queries on both databases. */
import type { Db } from '../repository.js';
import type { ActionItemRow, ActionItemStatus, PostmortemRow } from './views.js';

export type ActionItemWithIncident = ActionItemRow & { incident_title: string };

export async function postmortemRow(
  db: Db,
  incidentId: number,
): Promise<PostmortemRow | undefined> {
  return db
    .selectFrom('postmortems')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .executeTakeFirst();
}

function itemsQuery(db: Db) {
  return db
    .selectFrom('action_items')
    .innerJoin('incidents', 'incidents.id', 'action_items.incident_id')
    .selectAll('action_items')
    .select('incidents.title as incident_title');
}

export async function actionItemRow(
  db: Db,
  id: number,
): Promise<ActionItemWithIncident | undefined> {
  return itemsQuery(db).where('action_items.id', '=', id).executeTakeFirst();
}

/** An incident's action items, oldest first (the order the document lists them in). */
export async function actionItemsOf(db: Db, incidentId: number): Promise<ActionItemWithIncident[]> {
  return itemsQuery(db)
    .where('action_items.incident_id', '=', incidentId)
    .orderBy('action_items.id')
    .execute();
}

export interface ActionItemQuery {
  status?: ActionItemStatus | undefined;
  owner?: string | undefined;
  incident?: number | undefined;
  /** Open items past their due time (true), or every other item (false), as of `now`. */
  overdue?: boolean | undefined;
  now: number;
  limit: number;
  /** Id to page below (newest first). */
  before?: number | undefined;
}

export async function listActionItems(
  db: Db,
  q: ActionItemQuery,
): Promise<ActionItemWithIncident[]> {
  let query = itemsQuery(db).orderBy('action_items.id', 'desc').limit(q.limit);
  if (q.status) query = query.where('action_items.status', '=', q.status);
  if (q.owner !== undefined) query = query.where('action_items.owner', '=', q.owner);
  if (q.incident !== undefined) query = query.where('action_items.incident_id', '=', q.incident);
  if (q.overdue !== undefined) {
    query = q.overdue
      ? query.where('action_items.status', '=', 'open').where('action_items.due_at', '<', q.now)
      : query.where((eb) =>
          eb.or([
            eb('action_items.status', '!=', 'open'),
            eb('action_items.due_at', 'is', null),
            eb('action_items.due_at', '>=', q.now),
          ]),
        );
  }
  if (q.before !== undefined) query = query.where('action_items.id', '<', q.before);
  return query.execute();
}
