/**
 * Post-mortems and action items: the post-mortem a resolution opens (the `onResolved` hook),
 * writing, publishing and exporting it, action items tracked to done, and the reminders. Every
 * write is one transaction with its audit row; the answer, the reminder timer and the change
 * feed follow the commit. The pieces are in this folder, one concern a file.
 */
import { recordAudit } from '../../audit/record.js';
import type { OpsConfig } from '../../config/index.js';
import type { ChangeFeed } from '../../lib/change-feed.js';
import type { Store } from '../../store/index.js';
import type { Database } from '../../store/schema.js';
import type { Logger } from '../../telemetry/logger.js';
import type { Transaction } from 'kysely';
import type { Outbox } from '../incidents.js';
import { assertKnown, type ActionBy, type ResolvedHook } from '../verbs/context.js';
import {
  addActionItem,
  updateActionItem,
  type ActionItemPatch,
  type NewActionItem,
} from './action-items.js';
import { loadPostmortem, loadPostmortemState, type PostmortemDetail } from './detail.js';
import {
  publishPostmortem,
  savePostmortem,
  unpublishPostmortem,
  type PostmortemEdit,
} from './edit.js';
import { openRequiredPostmortem } from './open.js';
import { PostmortemReminders } from './reminders.js';
import { actionItemRow, listActionItems, type ActionItemQuery } from './repository.js';
import { actionItemView, type ActionItemView } from './views.js';

export interface PostmortemsDeps {
  store: Pick<Store, 'db'>;
  logger: Logger;
  config: () => OpsConfig;
  outbox: Pick<Outbox, 'prepare'>;
  /** Streams `postmortem.updated` and `action_item.updated` after each commit. */
  feed?: ChangeFeed | undefined;
  now?: (() => number) | undefined;
}

export class Postmortems {
  readonly reminders: PostmortemReminders;

  constructor(private readonly deps: PostmortemsDeps) {
    this.reminders = new PostmortemReminders(deps);
  }

  readonly #now = (): number => (this.deps.now ?? Date.now)();

  /** For `Incidents.onResolved`: opens the required post-mortem in the resolving transaction. */
  readonly onResolved: ResolvedHook = async (trx, row, now) => {
    const next = await openRequiredPostmortem(trx, row, now, this.deps.config());
    if (next === null) return [];
    const id = Number(row.id);
    return [() => this.reminders.arm(id, next), () => void this.#published(id)];
  };

  start(): Promise<void> {
    return this.reminders.start();
  }

  close(): Promise<void> {
    return this.reminders.close();
  }

  /** Runs `work` and its audit row in one transaction. */
  async #write<T>(
    by: ActionBy,
    action: string,
    target: string,
    work: (trx: Transaction<Database>, now: number) => Promise<T>,
  ): Promise<T> {
    return this.deps.store.db.transaction().execute(async (trx) => {
      const result = await work(trx, this.#now());
      if (by.audit) await recordAudit(trx, by.audit, action, target);
      return result;
    });
  }

  /** Streams the post-mortem's new state; a failed read only costs the event. */
  async #published(id: number): Promise<void> {
    const feed = this.deps.feed;
    if (!feed) return;
    try {
      const state = await loadPostmortemState(
        this.deps.store.db,
        this.deps.config(),
        id,
        this.#now(),
      );
      feed.publish('postmortem.updated', state);
    } catch (error) {
      this.deps.logger.debug({ err: error, incident: id }, 'post-mortem change not streamed');
    }
  }

  view(id: number): Promise<PostmortemDetail> {
    return loadPostmortem(this.deps.store.db, this.deps.config(), id, this.#now());
  }

  async save(id: number, edit: PostmortemEdit, by: ActionBy): Promise<PostmortemDetail> {
    const config = this.deps.config();
    if (edit.owner != null) assertKnown('owner', 'person', edit.owner, config.people);
    await this.#write(by, 'postmortem.update', `incident:${id}`, (trx, now) =>
      savePostmortem(trx, id, edit, config, now, by),
    );
    void this.#published(id);
    return this.view(id);
  }

  async publish(id: number, by: ActionBy): Promise<PostmortemDetail> {
    const config = this.deps.config();
    await this.#write(by, 'postmortem.publish', `incident:${id}`, (trx, now) =>
      publishPostmortem(trx, id, config, now, by),
    );
    this.reminders.arm(id, null);
    void this.#published(id);
    return this.view(id);
  }

  async unpublish(id: number, by: ActionBy): Promise<PostmortemDetail> {
    const config = this.deps.config();
    const next = await this.#write(by, 'postmortem.unpublish', `incident:${id}`, (trx, now) =>
      unpublishPostmortem(trx, id, config, now, by),
    );
    this.reminders.arm(id, next);
    void this.#published(id);
    return this.view(id);
  }

  async #item(id: number): Promise<ActionItemView> {
    const row = await actionItemRow(this.deps.store.db, id);
    const view = actionItemView(row!, this.#now());
    this.deps.feed?.publish('action_item.updated', view);
    return view;
  }

  #checkOwner(owner: string | null | undefined): void {
    if (owner != null) assertKnown('owner', 'person', owner, this.deps.config().people);
  }

  async addActionItem(
    incidentId: number,
    item: NewActionItem,
    by: ActionBy,
  ): Promise<ActionItemView> {
    this.#checkOwner(item.owner);
    const id = await this.#write(by, 'action_item.create', `incident:${incidentId}`, (trx, now) =>
      addActionItem(trx, incidentId, item, now, by),
    );
    return this.#item(id);
  }

  async updateActionItem(
    id: number,
    patch: ActionItemPatch,
    by: ActionBy,
  ): Promise<ActionItemView> {
    this.#checkOwner(patch.owner);
    await this.#write(by, 'action_item.update', `action_item:${id}`, (trx, now) =>
      updateActionItem(trx, id, patch, now, by),
    );
    return this.#item(id);
  }

  async listActionItems(
    q: Omit<ActionItemQuery, 'now' | 'limit'> & { limit: number },
  ): Promise<{ items: ActionItemView[]; next_cursor: string | null }> {
    const now = this.#now();
    const rows = await listActionItems(this.deps.store.db, { ...q, now, limit: q.limit + 1 });
    const page = rows.slice(0, q.limit);
    return {
      items: page.map((r) => actionItemView(r, now)),
      next_cursor: rows.length > q.limit ? String(page[page.length - 1]!.id) : null,
    };
  }
}
