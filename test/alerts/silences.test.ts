/**
 * Silences on both databases: Alertmanager's validation and update rules, expiry, `mutedBy`,
 * durability across a restart, retention, audit rows and change notifications.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { Silences, type Silence, type SilenceInput } from '../../src/alerts/silences/index.js';
import type { Matcher } from '../../src/alerts/matchers/matcher.js';
import { AppError } from '../../src/errors.js';
import type { AuditContext } from '../../src/audit/record.js';

const ctxOf = (name: string): AuditContext => ({
  actor: { id: `token:tok_${name}`, name, role: 'responder' },
  requestId: `req-${name}`,
});
const ALICE = ctxOf('alice');
const MIN = 60_000;
const T0 = Date.parse('2030-01-01T10:00:00Z');

const m = (name: string, type: Matcher['type'], value: string): Matcher => ({ name, type, value });

describeEachDialect('silences', (ctx) => {
  let clock: number;
  let silences: Silences;
  const open = async (options: { retentionMs?: number } = {}) => {
    const s = new Silences(ctx.store(), { now: () => clock, ...options });
    await s.start();
    return s;
  };
  const input = (over: Partial<SilenceInput> = {}): SilenceInput => ({
    matchers: [m('alertname', '=', 'HighLatency')],
    startsAt: clock,
    endsAt: clock + 60 * MIN,
    createdBy: 'alice',
    comment: 'deploying',
    ...over,
  });
  const audit = (target: string) =>
    ctx
      .store()
      .db.selectFrom('audit_log')
      .selectAll()
      .where('target', '=', target)
      .orderBy('id')
      .execute();
  const failure = async (promise: Promise<unknown>): Promise<AppError> => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  };

  beforeEach(async () => {
    await ctx.store().db.deleteFrom('silences').execute();
    clock = T0;
    silences = await open();
  });
  afterEach(() => silences.close());

  it('refuses invalid silences naming the field, writing nothing', async () => {
    const cases: Array<[Partial<SilenceInput>, RegExp]> = [
      [{ matchers: [] }, /^matchers: at least one matcher required$/],
      [
        { matchers: [m('team', '=', ''), m('job', '=~', '.*')] },
        /^matchers: at least one matcher must not match the empty string$/,
      ],
      [{ matchers: [m('1bad', '=', 'x')] }, /^matchers\[0\]\.name: invalid label name '1bad'/],
      [{ matchers: [m('a', '=', 'x'), m('b', '=~', '(')] }, /^matchers\[1\]\.value: invalid reg/],
      [{ matchers: [m('a', '~' as never, 'x')] }, /^matchers\[0\]\.type: unknown matcher type/],
      [{ matchers: Array.from({ length: 65 }, (_, i) => m(`l${i}`, '=', 'x')) }, /^matchers: 65/],
      [{ endsAt: T0 - MIN, startsAt: T0 }, /^endsAt: must be after startsAt$/],
      [{ startsAt: T0 - 10 * MIN, endsAt: T0 - MIN }, /^endsAt: must not be in the past$/],
      [{ createdBy: ' ' }, /^createdBy: required$/],
      [{ comment: '' }, /^comment: required$/],
      [{ comment: 'x'.repeat(10_241) }, /^comment: longer than 10240 bytes$/],
      [{ id: 'not-a-uuid' }, /^id: expected a silence id/],
    ];
    for (const [over, message] of cases) {
      const error = await failure(silences.set(input(over), ALICE));
      expect(error.code, String(message)).toBe('validation_failed');
      expect(error.message).toMatch(message);
    }
    expect(await ctx.store().db.selectFrom('silences').selectAll().execute()).toEqual([]);
  });

  it('accepts a lone != matcher (Alertmanager does not count it as matching empty)', async () => {
    const s = await silences.create(input({ matchers: [m('env', '!=', 'prod')] }), ALICE);
    expect(silences.mutedBy({ env: 'dev' })).toEqual([s.id]);
    expect(silences.mutedBy({})).toEqual([s.id]);
    expect(silences.mutedBy({ env: 'prod' })).toEqual([]);
  });

  it('creates durably and audited, moving a past start to now', async () => {
    const s = await silences.create(input({ startsAt: T0 - 30 * MIN }), ALICE);
    expect(s).toMatchObject({ startsAt: T0, endsAt: T0 + 60 * MIN, createdAt: T0, updatedAt: T0 });
    expect(s.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(silences.state(s)).toBe('active');
    expect(silences.get(s.id)).toEqual(s);
    const row = await ctx.store().db.selectFrom('silences').selectAll().executeTakeFirstOrThrow();
    expect(JSON.parse(row.matchers)).toEqual([m('alertname', '=', 'HighLatency')]);
    const rows = await audit(s.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'silence.create', actor: 'token:tok_alice' });
    expect(rows[0]!.request_id).toBe('req-alice');
    expect(JSON.parse(rows[0]!.details!)).toMatchObject({
      actor_name: 'alice',
      matchers: 'alertname="HighLatency"',
      comment: 'deploying',
    });
  });

  it('updates an active silence in place when only its end or comment changes', async () => {
    const s = await silences.create(input(), ALICE);
    clock += 5 * MIN;
    const u = await silences.update(
      s.id,
      { ...input({ startsAt: s.startsAt }), endsAt: T0 + 120 * MIN, comment: 'longer' },
      ctxOf('bob'),
    );
    expect(u).toMatchObject({ id: s.id, endsAt: T0 + 120 * MIN, comment: 'longer' });
    expect(u.updatedAt).toBe(clock);
    expect(silences.list().map((x) => x.id)).toEqual([s.id]);
    expect((await audit(s.id)).map((r) => [r.action, r.actor])).toEqual([
      ['silence.create', 'token:tok_alice'],
      ['silence.update', 'token:tok_bob'],
    ]);
  });

  it('replaces an active silence whose matchers or start change: old expired, new id', async () => {
    const s = await silences.create(input(), ALICE);
    clock += 5 * MIN;
    const changed = await silences.update(
      s.id,
      input({ startsAt: s.startsAt, matchers: [m('alertname', '=~', 'High.*')] }),
      ALICE,
    );
    expect(changed.id).not.toBe(s.id);
    expect(silences.get(s.id)).toMatchObject({ endsAt: clock, startsAt: T0 });
    expect(silences.state(silences.get(s.id))).toBe('expired');
    expect(silences.mutedBy({ alertname: 'HighLatency' })).toEqual([changed.id]);
    expect((await audit(s.id)).map((r) => r.action)).toEqual(['silence.create', 'silence.expire']);
    expect(JSON.parse((await audit(s.id))[1]!.details!).replaced_by).toBe(changed.id);

    clock += MIN;
    const moved = await silences.update(changed.id, input({ startsAt: clock + MIN }), ALICE);
    expect(moved.id).not.toBe(changed.id);
    expect(silences.state(silences.get(changed.id))).toBe('expired');
    expect(silences.state(moved)).toBe('pending');
  });

  it('updates a pending silence in place unless it would start in the past', async () => {
    const s = await silences.create(input({ startsAt: T0 + 10 * MIN }), ALICE);
    expect(silences.state(s)).toBe('pending');
    const later = await silences.update(s.id, input({ startsAt: T0 + 20 * MIN }), ALICE);
    expect(later.id).toBe(s.id);
    expect(later.startsAt).toBe(T0 + 20 * MIN);
    const now = await silences.update(s.id, input({ startsAt: T0 - MIN }), ALICE);
    expect(now.id).not.toBe(s.id);
    expect(now.startsAt).toBe(T0);
    // The pending one was expired by starting and ending now.
    expect(silences.get(s.id)).toMatchObject({ startsAt: T0, endsAt: T0 });
  });

  it('creates a new silence from an expired one and leaves the old as it was', async () => {
    const s = await silences.create(input({ endsAt: T0 + MIN }), ALICE);
    clock += 2 * MIN;
    const again = await silences.update(s.id, input(), ALICE);
    expect(again.id).not.toBe(s.id);
    expect(silences.get(s.id)).toEqual(s);
    const unknown = await failure(
      silences.update('6e0d6e1e-0000-4000-8000-000000000000', input(), ALICE),
    );
    expect(unknown.code).toBe('not_found');
  });

  it('expires: active ends now, pending starts and ends now; twice is an error', async () => {
    const active = await silences.create(input(), ALICE);
    const pending = await silences.create(input({ startsAt: T0 + 10 * MIN }), ALICE);
    clock += MIN;
    expect(await silences.expire(active.id, ALICE)).toMatchObject({ startsAt: T0, endsAt: clock });
    expect(await silences.expire(pending.id, ALICE)).toMatchObject({
      startsAt: clock,
      endsAt: clock,
    });
    expect(silences.mutedBy({ alertname: 'HighLatency' })).toEqual([]);
    // Both ended at the same instant: the order between them is by id.
    expect(silences.list({ state: 'expired' }).map((s) => s.id)).toEqual(
      [active.id, pending.id].sort(),
    );
    const twice = await failure(silences.expire(active.id, ALICE));
    expect([twice.code, twice.message]).toEqual([
      'conflict',
      `silence '${active.id}' already expired`,
    ]);
    expect((await failure(silences.expire('nope', ALICE))).code).toBe('not_found');
    expect((await audit(active.id)).map((r) => r.action)).toEqual([
      'silence.create',
      'silence.expire',
    ]);
  });

  it('mutedBy: =, !=, =~ (anchored), !~, missing labels, all matchers must match', async () => {
    const mk = (...ms: Matcher[]) => silences.create(input({ matchers: ms }), ALICE);
    const eq = await mk(m('service', '=', 'api'));
    const ne = await mk(m('service', '=', 'web'), m('env', '!=', 'prod'));
    const re = await mk(m('severity', '=~', 'P0|P1'));
    const nre = await mk(m('team', '=~', '.+'), m('team', '!~', 'sre|dba'));
    const missing = await mk(m('alertname', '=', 'Down'), m('instance', '=', ''));
    const muted = (labels: Record<string, string>) => silences.mutedBy(labels).sort();
    expect(muted({ service: 'api' })).toEqual([eq.id]);
    expect(muted({ service: 'apis' })).toEqual([]);
    expect(muted({ service: 'web', env: 'staging' })).toEqual([ne.id]);
    expect(muted({ service: 'web' })).toEqual([ne.id]);
    expect(muted({ service: 'web', env: 'prod' })).toEqual([]);
    expect(muted({ severity: 'P1' })).toEqual([re.id]);
    expect(muted({ severity: 'P10' })).toEqual([]);
    expect(muted({ team: 'web' })).toEqual([nre.id]);
    expect(muted({ team: 'sre' })).toEqual([]);
    expect(muted({ alertname: 'Down' })).toEqual([missing.id]);
    expect(muted({ alertname: 'Down', instance: 'a:1' })).toEqual([]);
    expect(muted({ service: 'api', severity: 'P0' })).toEqual([eq.id, re.id].sort());
  });

  it('mutedBy follows time: pending mutes nothing until it starts, and stops at its end', async () => {
    const s = await silences.create(
      input({ startsAt: T0 + 10 * MIN, endsAt: T0 + 20 * MIN }),
      ALICE,
    );
    const labels = { alertname: 'HighLatency' };
    expect(silences.mutedBy(labels)).toEqual([]);
    expect(silences.mutedBy(labels, T0 + 10 * MIN)).toEqual([s.id]);
    expect(silences.mutedBy(labels, T0 + 20 * MIN - 1)).toEqual([s.id]);
    expect(silences.mutedBy(labels, T0 + 20 * MIN)).toEqual([]);
    clock = T0 + 15 * MIN;
    expect(silences.state(s)).toBe('active');
    expect(silences.mutedBy(labels)).toEqual([s.id]);
  });

  it('lists with Alertmanager filters and state, active first by end', async () => {
    const a = await silences.create(input({ endsAt: T0 + 90 * MIN }), ALICE);
    const b = await silences.create(input({ matchers: [m('job', '=~', 'api|web')] }), ALICE);
    const p = await silences.create(input({ startsAt: T0 + 5 * MIN }), ALICE);
    const ids = (list: Silence[]) => list.map((s) => s.id);
    expect(ids(silences.list())).toEqual([b.id, a.id, p.id]);
    expect(ids(silences.list({ state: 'pending' }))).toEqual([p.id]);
    expect(ids(silences.list({ filter: [m('alertname', '=', 'HighLatency')] }))).toEqual([
      a.id,
      p.id,
    ]);
    // Filters read the silence's matchers as labels: job's value is the regex text.
    expect(ids(silences.list({ filter: [m('job', '=', 'api|web')] }))).toEqual([b.id]);
    // An empty-valued filter: `job=""` means "no job matcher", `job!=""` means "has one".
    expect(ids(silences.list({ filter: [m('job', '=', '')] }))).toEqual([a.id, p.id]);
    expect(ids(silences.list({ filter: [m('job', '!=', '')] }))).toEqual([b.id]);
    const bad = (() => {
      try {
        silences.list({ filter: [m('job', '=~', '(')] });
      } catch (e) {
        return e as AppError;
      }
    })();
    expect(bad?.message).toMatch(/^filter\[0\]\.value: invalid regular expression/);
  });

  it('reloads from storage after a restart, and drops silences past retention', async () => {
    const kept = await silences.create(input(), ALICE);
    const old = await silences.create(input({ endsAt: T0 + MIN }), ALICE);
    await silences.close();
    clock = T0 + 2 * MIN;
    const again = await open({ retentionMs: 60 * MIN });
    expect(again.mutedBy({ alertname: 'HighLatency' })).toEqual([kept.id]);
    expect(again.get(old.id)).toEqual(old);
    clock = T0 + 62 * MIN;
    await again.sweep();
    expect(() => again.get(old.id)).toThrow(`silence '${old.id}' not found`);
    expect(again.get(kept.id).id).toBe(kept.id);
    const rows = await ctx.store().db.selectFrom('silences').select('id').execute();
    expect(rows.map((r) => r.id)).toEqual([kept.id]);
    await again.close();
  });

  it('picks up silences another instance wrote on the next sweep', async () => {
    const other = await open();
    const s = await other.create(input(), ALICE);
    expect(silences.mutedBy({ alertname: 'HighLatency' })).toEqual([]);
    const seen: string[][] = [];
    silences.onChange((c) => seen.push(c.ids));
    await silences.sweep();
    expect(silences.mutedBy({ alertname: 'HighLatency' })).toEqual([s.id]);
    expect(seen).toEqual([[s.id]]);
    await other.close();
  });

  it('tells listeners after each commit and when a silence starts or ends by time', async () => {
    await silences.close();
    const real = new Silences(ctx.store());
    await real.start();
    const seen: string[][] = [];
    const off = real.onChange((c) => seen.push(c.ids));
    const now = Date.now();
    const s = await real.create({ ...input(), startsAt: now + 150, endsAt: now + 300 }, ALICE);
    expect(seen).toEqual([[s.id]]);
    await new Promise((r) => setTimeout(r, 500));
    expect(seen).toEqual([[s.id], [s.id], [s.id]]);
    off();
    await real.create({ ...input(), startsAt: Date.now(), endsAt: Date.now() + MIN }, ALICE);
    expect(seen).toHaveLength(3);
    await real.close();
  });

  it('serializes concurrent updates of one silence', async () => {
    const s = await silences.create(input(), ALICE);
    const results = await Promise.all(
      [1, 2, 3].map((i) =>
        silences.update(s.id, input({ startsAt: s.startsAt, comment: `c${i}` }), ALICE),
      ),
    );
    expect(results.map((r) => r.id)).toEqual([s.id, s.id, s.id]);
    expect(silences.get(s.id).comment).toBe('c3');
  });
});
