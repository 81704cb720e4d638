/**
 * Overrides in storage and in memory, on both databases: validation naming the field, audit
 * rows in the same transaction, soft deletion, and instances sharing a database converging
 * through the refresh.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { pino } from 'pino';
import { loadConfig } from '../../src/config/index.js';
import { SYSTEM_ACTOR } from '../../src/auth/index.js';
import { OnCall } from '../../src/oncall/index.js';
import { describeEachDialect } from '../support/dialects.js';
import { writeConfigFile } from '../support/app.js';

const HOUR = 3_600_000;
const CONFIG = `
people:
  alice: { name: Alice }
  bob: { name: Bob }
  carol: { name: Carol }
schedules:
  sre:
    rotations: [{ members: [alice, bob], every: 1d, handoff: "00:00" }]
`;
const ctx = { actor: SYSTEM_ACTOR, requestId: 'req-overrides' };
const logger = pino({ level: 'silent' });

/** The next UTC midnight: alice and bob alternate daily turns at 00:00. */
function nextMidnight(): number {
  return Math.ceil(Date.now() / 86_400_000) * 86_400_000;
}

describeEachDialect('schedule overrides', (dialect) => {
  let oncall: OnCall;
  let other: OnCall;
  beforeAll(async () => {
    const loaded = await loadConfig(writeConfigFile(CONFIG));
    oncall = new OnCall({ store: dialect.store(), logger }, loaded);
    // A second instance on the same database, refreshing on demand.
    other = new OnCall({ store: dialect.store(), logger }, loaded, { refreshMs: 3_600_000 });
    await oncall.start();
    await other.start();
  });
  afterAll(async () => {
    await oncall?.close();
    await other?.close();
  });
  beforeEach(async () => {
    await dialect.store().db.deleteFrom('schedule_overrides').execute();
    await oncall.overrides.refresh();
    await other.overrides.refresh();
  });

  it('creates an override: stored, audited, applied at once; other instances after a refresh', async () => {
    const start = nextMidnight() + HOUR;
    const base = oncall.onCallAt('sre', start + HOUR)[0]!;
    const o = await oncall.overrides.create(
      { scheduleId: 'sre', person: 'carol', start, end: start + 2 * HOUR, reason: 'dentist swap' },
      ctx,
    );
    expect(o).toMatchObject({
      person: 'carol',
      replaces: null,
      createdBy: 'opsdeck',
      deletedAt: null,
    });
    expect(oncall.onCallAt('sre', start + HOUR)).toEqual(['carol']);
    expect(oncall.onCallAt('sre', start + 2 * HOUR)).toEqual([base]);
    expect(other.onCallAt('sre', start + HOUR)).toEqual([base]);
    await other.overrides.refresh();
    expect(other.onCallAt('sre', start + HOUR)).toEqual(['carol']);

    const rows = await dialect.store().db.selectFrom('schedule_overrides').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(Number(rows[0]!.starts_at)).toBe(start);
    const audit = await dialect
      .store()
      .db.selectFrom('audit_log')
      .selectAll()
      .where('target', '=', o.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['override.create']);
    expect(JSON.parse(audit[0]!.details!)).toMatchObject({ schedule: 'sre', person: 'carol' });
  });

  it('replaces covers only that person’s turns', async () => {
    const day = nextMidnight();
    const first = oncall.onCallAt('sre', day + HOUR)[0]!;
    const second = first === 'alice' ? 'bob' : 'alice';
    await oncall.overrides.create(
      {
        scheduleId: 'sre',
        person: 'carol',
        replaces: second,
        start: day,
        end: day + 2 * 86_400_000,
      },
      ctx,
    );
    expect(oncall.onCallAt('sre', day + HOUR)).toEqual([first]);
    expect(oncall.onCallAt('sre', day + 86_400_000 + HOUR)).toEqual(['carol']);
  });

  it('lists from storage by range, and removes (soft delete, audited, 404/409 after)', async () => {
    const start = nextMidnight();
    const a = await oncall.overrides.create(
      { scheduleId: 'sre', person: 'carol', start, end: start + HOUR },
      ctx,
    );
    const b = await oncall.overrides.create(
      { scheduleId: 'sre', person: 'bob', start: start + 5 * HOUR, end: start + 6 * HOUR },
      ctx,
    );
    expect((await oncall.overrides.list('sre')).map((o) => o.id)).toEqual([a.id, b.id]);
    expect(
      (await oncall.overrides.list('sre', { from: start + 2 * HOUR })).map((o) => o.id),
    ).toEqual([b.id]);
    expect((await oncall.overrides.list('sre', { to: start + HOUR })).map((o) => o.id)).toEqual([
      a.id,
    ]);

    const removed = await oncall.overrides.remove('sre', a.id, ctx);
    expect(removed.deletedAt).not.toBeNull();
    expect(oncall.onCallAt('sre', start + 1)).not.toEqual(['carol']);
    expect((await oncall.overrides.list('sre')).map((o) => o.id)).toEqual([b.id]);
    await expect(oncall.overrides.remove('sre', a.id, ctx)).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(oncall.overrides.remove('sre', 'nope', ctx)).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(oncall.overrides.remove('other', b.id, ctx)).rejects.toMatchObject({
      code: 'not_found',
    });
    const audit = await dialect
      .store()
      .db.selectFrom('audit_log')
      .select('action')
      .where('target', '=', a.id)
      .orderBy('id')
      .execute();
    expect(audit.map((r) => r.action)).toEqual(['override.create', 'override.delete']);
  });

  it('refuses bad input, naming the field, and stores nothing', async () => {
    const start = nextMidnight();
    const bad = async (input: Record<string, unknown>, message: string | RegExp) =>
      expect(
        oncall.overrides.create(
          { scheduleId: 'sre', person: 'carol', start, end: start + HOUR, ...input },
          ctx,
        ),
      ).rejects.toThrow(message);
    await bad({ scheduleId: 'nope' }, "schedule 'nope' not found");
    await bad({ person: 'dave' }, "person: unknown person 'dave'");
    await bad({ replaces: 'erin' }, "replaces: unknown person 'erin'");
    await bad({ replaces: 'carol' }, 'replaces: a person cannot replace themselves');
    await bad({ end: start }, 'end: must be after start');
    await bad(
      { start: start - 10 * HOUR - 86_400_000, end: start - 86_400_000 },
      /end: is in the past/,
    );
    await bad({ end: start + 400 * 86_400_000 }, /end: an override lasts at most 366 days/);
    const rows = await dialect.store().db.selectFrom('schedule_overrides').selectAll().execute();
    expect(rows).toEqual([]);
  });
});
