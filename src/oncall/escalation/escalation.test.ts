import { describe, expect, it } from 'vitest';
import { opsConfigSchema, type OpsConfig, type OpsConfigInput } from '../../config/index.js';
import { nextAfter, reassignedPolicy, snapshotPolicy } from './policy.js';
import { personDeliveries, planStep } from './recipients.js';

const MIN = 60_000;

function config(extra: Partial<OpsConfigInput> = {}): OpsConfig {
  return opsConfigSchema.parse({
    people: {
      alice: {
        name: 'Alice',
        email: 'a@x.io',
        notify: { P1: ['pager', 'mail'], default: ['mail'] },
      },
      bob: {
        name: 'Bob',
        notify: { P1: ['pager', { channel: 'chat', after: '5m' }], default: ['chat'] },
      },
      carol: { name: 'Carol', notify: { default: ['chat'] } },
    },
    teams: { sre: { members: ['alice', 'bob'] } },
    channels: {
      pager: { type: 'webhook', url: 'http://127.0.0.1:1/p' },
      mail: { type: 'webhook', url: 'http://127.0.0.1:1/m' },
      chat: { type: 'webhook', url: 'http://127.0.0.1:1/c' },
    },
    escalation_policies: {
      handbook: {
        steps: [
          { notify: ['person:alice'] },
          { after: '30m', notify: ['person:carol'] },
          { after: '60m', notify: ['team:sre'] },
          { notify: ['channel:chat'] },
        ],
        repeat: 1,
      },
    },
    ...extra,
  });
}

describe('policy snapshots', () => {
  it('resolves step offsets, filling gaps with the severity’s respond_within', () => {
    const p = snapshotPolicy(config(), 'handbook', 'P1'); // P1 respond_within 15m
    expect(p.steps.map((s) => s.atMs / MIN)).toEqual([0, 30, 60, 75]);
    expect(p.roundMs / MIN).toBe(90);
    const p3 = snapshotPolicy(config(), 'handbook', 'P3'); // 1d
    expect(p3.steps[3]!.atMs / MIN).toBe(60 + 24 * 60);
  });

  it('walks steps with relative gaps, then repeats, then stops', () => {
    const p = snapshotPolicy(config(), 'handbook', 'P1');
    const t0 = 1_000_000;
    expect(nextAfter(p, 0, 0, t0)).toEqual({ step: 1, round: 0, at: t0 + 30 * MIN });
    // Escalated by hand 10 minutes after step 1: step 2 keeps its 30-minute gap from then.
    expect(nextAfter(p, 1, 0, t0 + 40 * MIN)).toEqual({ step: 2, round: 0, at: t0 + 70 * MIN });
    expect(nextAfter(p, 3, 0, t0)).toEqual({ step: 0, round: 1, at: t0 + 15 * MIN });
    expect(nextAfter(p, 3, 1, t0)).toBeNull();
  });

  it('reassignment pages the new target first, then the rest of the policy', () => {
    const p = snapshotPolicy(config(), 'handbook', 'P1');
    const r = reassignedPolicy(p, [{ kind: 'person', id: 'bob' }], 1);
    expect(r.steps.map((s) => [s.atMs / MIN, s.targets.map((t) => t.id)])).toEqual([
      [0, ['bob']],
      [30, ['sre']],
      [45, ['chat']],
    ]);
  });

  it('refuses a policy that is not in the config', () => {
    expect(() => snapshotPolicy(config(), 'nope', 'P1')).toThrow(/nope/);
  });
});

describe('step recipients', () => {
  const onCall = () => [];

  it('notifies a person through their rules for the severity, with fallbacks', () => {
    const c = config();
    expect(personDeliveries(c.people.alice!, 'alice', 'P1')).toEqual([
      { channel: 'pager', person: 'alice', afterMs: 0, fallback: [] },
      { channel: 'mail', person: 'alice', afterMs: 0, fallback: [] },
    ]);
    // Bob's chat waits 5 minutes; when the pager fails, chat takes over at once.
    expect(personDeliveries(c.people.bob!, 'bob', 'P1')).toEqual([
      { channel: 'pager', person: 'bob', afterMs: 0, fallback: ['chat'] },
      { channel: 'chat', person: 'bob', afterMs: 5 * MIN, fallback: [] },
    ]);
    expect(personDeliveries(c.people.alice!, 'alice', 'P3').map((d) => d.channel)).toEqual([
      'mail',
    ]);
  });

  it('expands teams and schedules, once per person, and reports who cannot be reached', () => {
    const c = config();
    const plan = planStep(
      [
        { kind: 'team', id: 'sre' },
        { kind: 'person', id: 'alice' },
        { kind: 'schedule', id: 'gone' },
        { kind: 'channel', id: 'chat' },
      ],
      { config: c, severity: 'P2', onCall },
    );
    expect(plan.people).toEqual(['alice', 'bob']);
    expect(plan.deliveries.map((d) => `${d.person ?? '-'}@${d.channel}`)).toEqual([
      '-@chat',
      'alice@mail',
      'bob@chat',
    ]);
    expect(plan.unreached).toEqual([
      { target: 'schedule:gone', reason: 'schedule is no longer in the config' },
    ]);
  });

  it('asks the schedule who is on call, and says so when nobody is', () => {
    const c = config({
      schedules: { s: { rotations: [{ members: ['carol'], every: '1d' }] } },
    });
    const withCarol = planStep([{ kind: 'schedule', id: 's' }], {
      config: c,
      severity: 'P1',
      onCall: () => ['carol'],
    });
    expect(withCarol.deliveries.map((d) => d.channel)).toEqual(['chat']);
    const empty = planStep([{ kind: 'schedule', id: 's' }], { config: c, severity: 'P1', onCall });
    expect(empty.unreached).toEqual([{ target: 'schedule:s', reason: 'nobody is on call' }]);
  });
});
