/**
 * Incremental daily and hourly sums for one grouping (services, or a few checks). Each rollup
 * level is read once per bucket: closed days, hours and minutes never change, so a refresh
 * only reads what the progress row says was finished since the last one.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { addFigures, emptyFigures, sumRollups, type Figures, type Grouping } from './daily-sums.js';
import { DAY_MS, HOUR_MS } from './maintenance.js';

type Sums = Map<string, Map<number, Figures>>;

/** How far each level is finished (check_rollup_progress), clamped to the window. */
export interface Done {
  day: number;
  hour: number;
  minute: number;
}

function add(into: Sums, group: string, bucket: number, f: Partial<Figures>): void {
  let byBucket = into.get(group);
  if (!byBucket) into.set(group, (byBucket = new Map()));
  let figures = byBucket.get(bucket);
  if (!figures) byBucket.set(bucket, (figures = emptyFigures()));
  addFigures(figures, f);
}

function dropBefore(sums: Sums, limit: number): void {
  for (const byBucket of sums.values())
    for (const bucket of byBucket.keys()) if (bucket < limit) byBucket.delete(bucket);
}

export class DailyTracker {
  readonly days: Sums = new Map();
  /** Hour sums from hour rollups: [min(done.day, 24 h ago), done.hour). */
  readonly hours: Sums = new Map();
  /** Hour sums from minute rollups: [done.hour, done.minute). */
  readonly minutes: Sums = new Map();
  /** How far each map has been read; undefined until the first load. */
  #read: Done | undefined;
  done: Done = { day: 0, hour: 0, minute: 0 };

  constructor(readonly grouping: Grouping) {}

  /** Reads what `done` finished since the last call (everything in the window the first time). */
  async advance(db: Kysely<Database>, done: Done, windowStart: number, latencyFrom: number) {
    const hourFloor = Math.min(done.day, latencyFrom);
    const read = (this.#read ??= { day: windowStart, hour: hourFloor, minute: done.hour });
    read.day = Math.max(read.day, windowStart);
    for (const s of await sumRollups(db, 'day', read.day, done.day, DAY_MS, this.grouping))
      add(this.days, s.group, s.bucket, s);
    read.day = Math.max(read.day, done.day);
    read.hour = Math.max(read.hour, hourFloor);
    for (const s of await sumRollups(db, 'hour', read.hour, done.hour, HOUR_MS, this.grouping))
      add(this.hours, s.group, s.bucket, s);
    read.hour = Math.max(read.hour, done.hour);
    // Hours compacted meanwhile come from the hour rollups above, not from these minutes.
    read.minute = Math.max(read.minute, done.hour);
    const minutes = await sumRollups(
      db,
      'minute',
      read.minute,
      done.minute,
      HOUR_MS,
      this.grouping,
    );
    for (const s of minutes) add(this.minutes, s.group, s.bucket, s);
    read.minute = Math.max(read.minute, done.minute);
    dropBefore(this.days, windowStart);
    dropBefore(this.hours, hourFloor);
    dropBefore(this.minutes, done.hour);
    this.done = done;
  }

  /** One hour's sums of `group`, from whichever level holds it (open minutes not included). */
  hour(group: string, bucket: number): Figures | undefined {
    const from = bucket < this.done.hour ? this.hours : this.minutes;
    return from.get(group)?.get(bucket);
  }

  /** One day's sums of `group`: the day rollup, else its hours. */
  day(group: string, bucket: number): Figures {
    if (bucket < this.done.day) return this.days.get(group)?.get(bucket) ?? emptyFigures();
    const out = emptyFigures();
    for (let h = bucket; h < bucket + DAY_MS; h += HOUR_MS) {
      const f = this.hour(group, h);
      if (f) addFigures(out, f);
    }
    return out;
  }

  /** Every group with any data in the maps. */
  groups(): Set<string> {
    return new Set([...this.days.keys(), ...this.hours.keys(), ...this.minutes.keys()]);
  }
}
