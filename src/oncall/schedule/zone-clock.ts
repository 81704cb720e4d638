/**
 * Conversions between instants and naive local times in one IANA zone, fast enough to run for
 * every turn boundary of a year of shifts. Offsets come from luxon (Intl underneath, several µs
 * a call); they are cached per UTC day, and a day whose offset changes keeps its transition
 * instant, found once by bisection. Zones change offset at most once a day in practice.
 *
 * Local times that do not exist or exist twice follow one rule, used everywhere in on-call:
 * - a time in a spring-forward gap moves forward by the gap (02:30 on a day clocks jump from
 *   02:00 to 03:00 is 03:30), as RFC 5545 reads such times;
 * - a time in a fall-back overlap takes the earlier offset, i.e. its first occurrence (02:30 on a
 *   day clocks go back from 03:00 to 02:00 is the 02:30 before the change).
 */
import { IANAZone } from 'luxon';
import { DAY_MS, MINUTE_MS } from './local-time.js';

/** A day whose offset changes: before `at` it is `before`, from `at` on `after` (ms). */
interface Transition {
  at: number;
  before: number;
  after: number;
}

/** Days cached per zone before the cache starts over (about 27 years of days). */
const MAX_CACHED_DAYS = 10_000;

export class ZoneClock {
  readonly zone: string;
  readonly #iana: IANAZone | undefined;
  readonly #days = new Map<number, number | Transition>();

  constructor(zone: string) {
    this.zone = zone;
    // UTC and its aliases need no lookups at all.
    this.#iana = zone === 'UTC' || zone === 'Etc/UTC' ? undefined : IANAZone.create(zone);
    if (this.#iana && !this.#iana.isValid) throw new Error(`unknown time zone '${zone}'`);
  }

  /** The zone's UTC offset at instant `t`, in ms (positive east of Greenwich). */
  offsetAt(t: number): number {
    if (!this.#iana) return 0;
    const day = Math.floor(t / DAY_MS);
    let entry = this.#days.get(day);
    if (entry === undefined) {
      if (this.#days.size >= MAX_CACHED_DAYS) this.#days.clear();
      entry = this.#dayEntry(day);
      this.#days.set(day, entry);
    }
    if (typeof entry === 'number') return entry;
    return t < entry.at ? entry.before : entry.after;
  }

  /** The wall-clock time at instant `t`. */
  toLocal(t: number): number {
    return t + this.offsetAt(t);
  }

  /** The instant of wall-clock time `local` (gaps move forward, overlaps take the first). */
  toInstant(local: number): number {
    if (!this.#iana) return local;
    // The offsets in force a day either side bracket any (single) change near `local`.
    const before = this.offsetAt(local - DAY_MS);
    const after = this.offsetAt(local + DAY_MS);
    const first = local - Math.max(before, after);
    const second = local - Math.min(before, after);
    // The larger offset gives the earlier instant: the first occurrence when both are valid.
    if (this.offsetAt(first) === Math.max(before, after)) return first;
    if (this.offsetAt(second) === Math.min(before, after)) return second;
    // In a gap neither is valid; read with the offset before the gap, so it moves forward.
    return local - before;
  }

  #dayEntry(day: number): number | Transition {
    const iana = this.#iana!;
    const start = day * DAY_MS;
    const end = start + DAY_MS - MINUTE_MS;
    const before = iana.offset(start) * MINUTE_MS;
    const after = iana.offset(end) * MINUTE_MS;
    if (before === after) return before;
    // Zones change on whole minutes: bisect minutes for the first one with the new offset.
    let lo = start;
    let hi = end;
    while (hi - lo > MINUTE_MS) {
      const mid = lo + Math.floor((hi - lo) / 2 / MINUTE_MS) * MINUTE_MS;
      if (iana.offset(mid) * MINUTE_MS === before) lo = mid;
      else hi = mid;
    }
    return { at: hi, before, after };
  }
}

const clocks = new Map<string, ZoneClock>();

/** The shared clock of `zone` (its offset cache is shared by every schedule in the zone). */
export function zoneClock(zone: string): ZoneClock {
  let clock = clocks.get(zone);
  if (!clock) {
    clock = new ZoneClock(zone);
    clocks.set(zone, clock);
  }
  return clock;
}
