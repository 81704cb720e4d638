import { describe, expect, it } from 'vitest';
import { firstReminderAt, nextReminderAt, resumedReminderAt } from './schedule.js';

const H = 3_600_000;
const s = { before: 24 * H, every: 24 * H, max: 3 };

describe('post-mortem reminder schedule', () => {
  it('reminds `before` ahead of the due time, never before the resolution', () => {
    expect(firstReminderAt(100 * H, 10 * H, s)).toBe(76 * H);
    expect(firstReminderAt(30 * H, 10 * H, s)).toBe(10 * H);
  });

  it('then at the due time and every `every` after it, `max` times past due', () => {
    const due = 100 * H;
    const fired: number[] = [];
    for (let at: number | null = 76 * H; at !== null; at = nextReminderAt(due, at, at, s))
      fired.push(at);
    expect(fired).toEqual([76 * H, 100 * H, 124 * H, 148 * H]);
  });

  it('sends only the early reminder with max 0, and one past due with max 1', () => {
    expect(nextReminderAt(100, 80, 80, { ...s, max: 0 })).toBeNull();
    expect(nextReminderAt(100, 80, 80, { before: 20, every: 10, max: 1 })).toBe(100);
    expect(nextReminderAt(100, 100, 100, { before: 20, every: 10, max: 1 })).toBeNull();
  });

  it('skips the slots missed while down instead of sending them in a burst', () => {
    const due = 100 * H;
    // Fired 2.5 days late: the next slot is the first one still ahead (k = 3 of 0 … max − 1).
    expect(nextReminderAt(due, due, due + 60 * H, { ...s, max: 4 })).toBe(due + 72 * H);
    expect(nextReminderAt(due, due, due + 60 * H, s)).toBeNull();
  });

  it('resumes after an unpublish at the next slot ahead, not at once', () => {
    const due = 100 * H;
    expect(resumedReminderAt(due, 10 * H, s)).toBe(76 * H);
    expect(resumedReminderAt(due, 80 * H, s)).toBe(due);
    expect(resumedReminderAt(due, due + H, s)).toBe(due + 24 * H);
    expect(resumedReminderAt(due, due + 100 * H, s)).toBeNull();
  });
});
