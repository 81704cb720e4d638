/**
 * `listIncidents` with an opening-time range, on both databases. The query bounds its walk
 * by the ids of the range (repository.ts); these incidents are inserted with opening times
 * out of id order, so a bound that assumed ids follow time would drop some.
 */
import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { incidentRow } from '../support/incidents.js';
import { listIncidents } from '../../src/incidents/repository.js';

const DAY = 86_400_000;
const T0 = Date.parse('2025-01-01T00:00:00Z');
/** Day of opening, in id order: ids 1…8. */
const DAYS = [0, 10, 3, 11, 12, 2, 20, 11];

describeEachDialect('listing incidents by opening time', (ctx) => {
  const ids: number[] = [];
  beforeAll(async () => {
    const db = ctx.store().db;
    for (const [i, day] of DAYS.entries()) {
      const row = await db
        .insertInto('incidents')
        .values(
          incidentRow({
            key: `range-${i}`,
            title: `day ${day}`,
            severity: 'P2',
            status: i % 2 === 0 ? 'resolved' : 'triggered',
            opened_at: T0 + day * DAY,
            updated_at: T0,
          }),
        )
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.push(Number(row.id));
    }
  });

  const list = async (
    q: { from?: number; to?: number; before?: number; status?: ['resolved'] },
    limit = 50,
  ) =>
    (await listIncidents(ctx.store().db, { limit, ...q })).map(
      (r) => ids.indexOf(Number(r.id)) + 1,
    );

  it('returns every incident opened in [from, to), newest id first', async () => {
    // Days 3 to 11 (exclusive): ids 2 (day 10) and 3 (day 3), while ids 4 and 8 (day 11) are not.
    expect(await list({ from: T0 + 3 * DAY, to: T0 + 11 * DAY })).toEqual([3, 2]);
    expect(await list({ from: T0 + 2 * DAY, to: T0 + 12 * DAY })).toEqual([8, 6, 4, 3, 2]);
    expect(await list({ from: T0 + 11 * DAY })).toEqual([8, 7, 5, 4]);
    expect(await list({ to: T0 + 3 * DAY })).toEqual([6, 1]);
  });

  it('pages with the cursor and combines with other filters', async () => {
    const range = { from: T0 + 2 * DAY, to: T0 + 12 * DAY };
    expect(await list(range, 2)).toEqual([8, 6]);
    expect(await list({ ...range, before: ids[5] }, 2)).toEqual([4, 3]);
    expect(await list({ ...range, before: ids[2] }, 2)).toEqual([2]);
    expect(await list({ ...range, status: ['resolved'] })).toEqual([3]);
  });

  it('returns nothing for a range without incidents', async () => {
    expect(await list({ from: T0 + 30 * DAY })).toEqual([]);
    expect(await list({ from: T0 + 4 * DAY, to: T0 + 10 * DAY })).toEqual([]);
  });
});
