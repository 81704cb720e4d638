/**
 * Reminders to the owners of required post-mortems, on stored timers: `next_reminder_at` on
 * each row is the truth, one DueTimer in memory follows it (rebuilt from the rows at start).
 *
 * A reminder is one transaction: the row moves on to its next reminder only where
 * `next_reminder_at` still holds the value read, and the outbox rows and the timeline entry
 * commit with it. Two instances firing the same reminder cannot both send it (one update
 * matches nothing and its transaction writes nothing else); after a crash the reminder either
 * happened whole or runs again. A sweep re-reads the rows falling due every minute, so a
 * reminder armed by an instance that died is sent by another one.
 */
import { isoTime } from '../../lib/time.js';
import { DueTimer } from '../../lib/due-timer.js';
import { runStatements, type Store } from '../../store/index.js';
import type { Logger } from '../../telemetry/logger.js';
import type { OpsConfig } from '../../config/index.js';
import type { Outbox } from '../incidents.js';
import { addEvent, incidentRow } from '../repository.js';
import { reminderChannels, reminderNotifications } from './reminder-message.js';
import { postmortemRow } from './repository.js';
import { nextReminderAt } from './schedule.js';

export interface ReminderDeps {
  store: Pick<Store, 'db'>;
  logger: Logger;
  config: () => OpsConfig;
  outbox: Pick<Outbox, 'prepare'>;
  now?: (() => number) | undefined;
  /** How often rows falling due are re-read from storage (60 s). */
  sweepMs?: number | undefined;
}

/** Wait after a failed reminder (storage away) before trying again. */
const RETRY_MS = 5_000;

export class PostmortemReminders {
  readonly #timer: DueTimer<number>;
  readonly #work = new Set<Promise<void>>();
  #started = false;
  #sweep: NodeJS.Timeout | undefined;

  constructor(private readonly deps: ReminderDeps) {
    this.#timer = new DueTimer((id) => this.#track(this.#fire(id)), 0, this.#now);
  }

  readonly #now = (): number => (this.deps.now ?? Date.now)();

  /** Follows a committed `next_reminder_at` of incident `id`'s post-mortem (null: none). */
  arm(id: number, at: number | null): void {
    if (at === null) this.#timer.delete(id);
    else this.#timer.set(id, at);
  }

  /** When this instance will remind next for incident `id` (tests, diagnostics). */
  armedAt(id: number): number | undefined {
    return this.#timer.dueOf(id);
  }

  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    await this.#load(Infinity);
    this.#timer.start();
    const every = this.deps.sweepMs ?? 60_000;
    this.#sweep = setInterval(() => this.#track(this.#swept(every)), every);
    this.#sweep.unref();
  }

  async close(): Promise<void> {
    this.#started = false;
    clearInterval(this.#sweep);
    this.#timer.stop();
    await Promise.allSettled([...this.#work]);
  }

  /** Arms every reminder due before `until` as stored. */
  async #load(until: number): Promise<void> {
    let query = this.deps.store.db
      .selectFrom('postmortems')
      .select(['incident_id', 'next_reminder_at'])
      .where('next_reminder_at', 'is not', null);
    if (Number.isFinite(until)) query = query.where('next_reminder_at', '<=', until);
    for (const r of await query.execute())
      this.arm(Number(r.incident_id), Number(r.next_reminder_at));
  }

  async #swept(every: number): Promise<void> {
    try {
      await this.#load(this.#now() + every);
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'post-mortem reminder sweep failed');
    }
  }

  #track(work: Promise<void>): void {
    this.#work.add(work);
    void work.finally(() => this.#work.delete(work));
  }

  async #fire(id: number): Promise<void> {
    try {
      await this.#remind(id);
    } catch (error) {
      this.deps.logger.warn(
        { err: error, incident: id },
        'post-mortem reminder failed; retrying in 5 s',
      );
      if (this.#started) this.#timer.set(id, this.#now() + RETRY_MS);
    }
  }

  async #remind(id: number): Promise<void> {
    const db = this.deps.store.db;
    const row = await postmortemRow(db, id);
    if (!row || row.next_reminder_at === null) return;
    const scheduled = Number(row.next_reminder_at);
    const now = this.#now();
    if (scheduled > now) return this.arm(id, scheduled);
    const incident = await incidentRow(db, id);
    const config = this.deps.config();
    const dueAt = row.due_at === null ? null : Number(row.due_at);
    // A published post-mortem (or one whose incident is gone) only has its timer cleared.
    const sending = row.status === 'draft' && dueAt !== null && incident !== undefined;
    const next = sending
      ? nextReminderAt(dueAt, scheduled, now, config.incidents.postmortem_reminders)
      : null;
    const owner = row.owner !== null && Object.hasOwn(config.people, row.owner) ? row.owner : null;
    const channels = owner === null ? [] : reminderChannels(config, owner);
    const unreached =
      row.owner === null
        ? 'the post-mortem has no owner'
        : owner === null
          ? `owner '${row.owner}' is no longer in the config`
          : channels.length === 0
            ? `${owner} has no notification channel for reminders (people.${owner}.notify; pager kinds are skipped)`
            : null;
    const items =
      sending && owner !== null
        ? reminderNotifications(config, incident, owner, channels, dueAt, now)
        : [];
    const prepared = this.deps.outbox.prepare(items);
    let won = false;
    await db.transaction().execute(async (trx) => {
      const moved = await trx
        .updateTable('postmortems')
        .set((eb) => ({
          next_reminder_at: next,
          reminders: sending ? eb('reminders', '+', 1) : eb.ref('reminders'),
        }))
        .where('incident_id', '=', id)
        .where('next_reminder_at', '=', scheduled)
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) !== 1) return;
      won = true;
      if (!sending) return;
      await runStatements(trx, prepared.statements);
      await addEvent(trx, id, now, 'postmortem_reminder', null, {
        to: row.owner,
        due_at: isoTime(dueAt),
        overdue: now >= dueAt,
        channels,
        notifications: prepared.ids.length,
        ...(unreached ? { unreached } : {}),
      });
    });
    if (!won) {
      // Another instance sent this one (or someone published meanwhile): follow the row.
      const fresh = await postmortemRow(db, id);
      return this.arm(id, fresh?.next_reminder_at == null ? null : Number(fresh.next_reminder_at));
    }
    prepared.afterCommit();
    if (sending && unreached)
      this.deps.logger.warn(
        { incident: id, reason: unreached },
        'post-mortem reminder reached nobody',
      );
    this.arm(id, next);
  }
}
