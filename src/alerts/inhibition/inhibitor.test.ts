import { describe, expect, it } from 'vitest';
import { fingerprint } from '../model/fingerprint.js';
import type { LabelSet } from '../model/labels.js';
import { Inhibitor, type InhibitRuleSpec } from './index.js';

const NOW = Date.parse('2025-06-01T12:00:00Z');
const HOUR = 3_600_000;

function alert(labels: LabelSet, endsAt = NOW + HOUR) {
  return { labels, fingerprint: fingerprint(labels), endsAt };
}

function mutes(ih: Inhibitor, labels: LabelSet): boolean {
  return ih.inhibitedBy(labels, fingerprint(labels), NOW).length > 0;
}

describe('Inhibitor (Alertmanager TestInhibitRuleMatches / TestInhibitRuleMatchers)', () => {
  const source1 = alert({ s1: '1', t1: '2', e: '1' });
  // Matches the source and the target side of rule 2.
  const source2 = alert({ s2: '1', t2: '1', e: '1' });

  it.each([
    [{ t1: '1', e: '1' }, true],
    [{ t2: '1', e: '1' }, true],
    [{ t1: '1', t3: '1', e: '1' }, true],
    [{ t1: '1', t2: '1', e: '1' }, true],
    [{ t1: '0', e: '1' }, false],
    // Two-sided target, but source1 matches only the source side: inhibited.
    [{ s1: '1', t1: '1', e: '1' }, true],
    // Two-sided target and source2 is two-sided too: not inhibited.
    [{ s2: '1', t2: '1', e: '1' }, false],
    [{ t1: '1', e: '0' }, false],
  ])('equality matchers: %j inhibited=%s', (target, expected) => {
    const ih = new Inhibitor([
      { source_matchers: ['s1="1"'], target_matchers: ['t1="1"'], equal: ['e'] },
      { source_matchers: ['s2="1"'], target_matchers: ['t2="1"'], equal: ['e'] },
    ]);
    ih.observe(source1);
    ih.observe(source2);
    expect(mutes(ih, target)).toBe(expected);
  });

  it.each([
    [{ t1: '1', e: '1' }, false],
    [{ t2: '1', e: '1' }, true],
    [{ t1: '1', t3: '1', e: '1' }, false],
    [{ t1: '1', t2: '1', e: '1' }, true],
    [{ t1: '0', e: '1' }, true],
    [{ s1: '1', t1: '1', e: '1' }, false],
    [{ s2: '1', t2: '1', e: '1' }, true],
    [{ t1: '1', e: '0' }, false],
  ])('with a != target matcher: %j inhibited=%s', (target, expected) => {
    const ih = new Inhibitor([
      { source_matchers: ['s1="1"'], target_matchers: ['t1!="1"'], equal: ['e'] },
      { source_matchers: ['s2="1"'], target_matchers: ['t2="1"'], equal: ['e'] },
    ]);
    ih.observe(source1);
    ih.observe(source2);
    expect(mutes(ih, target)).toBe(expected);
  });
});

describe('Inhibitor lifecycle (Alertmanager TestInhibit and TestInhibitRuleHasEqual)', () => {
  const rule: InhibitRuleSpec = {
    source_matchers: ['s="1"'],
    target_matchers: ['t="1"'],
    equal: ['e'],
  };
  const one = alert({ t: '1', e: 'f' });

  it('mutes only while the source fires, and reports which source mutes', () => {
    const ih = new Inhibitor([rule]);
    ih.observe(one);
    expect(mutes(ih, one.labels)).toBe(false);
    const two = alert({ s: '1', e: 'f' });
    ih.observe(two);
    expect(ih.inhibitedBy(one.labels, one.fingerprint, NOW)).toEqual([two.fingerprint]);
    expect(mutes(ih, two.labels)).toBe(false);
    // The same alert re-sent as resolved.
    ih.observe({ ...two, endsAt: NOW - 1000 });
    expect(mutes(ih, one.labels)).toBe(false);
    expect(ih.size).toBe(1);
    expect(ih.prune(NOW)).toBe(1);
    expect(ih.size).toBe(0);
  });

  it('needs equal labels to agree, a missing label equalling an empty one', () => {
    const ih = new Inhibitor([{ ...rule, equal: ['a', 'b'] }]);
    ih.observe(alert({ s: '1', a: 'b', b: 'f' }));
    ih.observe(alert({ s: '1', a: 'b', b: 'c' }, NOW - 1000)); // resolved
    expect(mutes(ih, { t: '1', a: 'b', b: 'c' })).toBe(false);
    expect(mutes(ih, { t: '1', a: 'b', b: 'f' })).toBe(true);
    ih.observe(alert({ s: '1', a: 'x' }));
    expect(mutes(ih, { t: '1', a: 'x' })).toBe(true);
    expect(mutes(ih, { t: '1', a: 'x', b: 'y' })).toBe(false);
  });

  it('with no equal labels, any firing source inhibits', () => {
    const ih = new Inhibitor([{ ...rule, equal: [] }]);
    expect(mutes(ih, { t: '1' })).toBe(false);
    ih.observe(alert({ s: '1', x: 'y' }));
    expect(mutes(ih, { t: '1', e: 'anything' })).toBe(true);
  });

  it('forgets alerts, and never lets an alert inhibit itself', () => {
    const ih = new Inhibitor([
      { source_matchers: ['severity="critical"'], target_matchers: [], equal: [] },
    ]);
    const critical = alert({ alertname: 'A', severity: 'critical' });
    ih.observe(critical);
    expect(ih.inhibitedBy(critical.labels, critical.fingerprint, NOW)).toEqual([]);
    expect(mutes(ih, { alertname: 'B' })).toBe(true);
    ih.forget(critical.fingerprint);
    expect(mutes(ih, { alertname: 'B' })).toBe(false);
    ih.forget('0000000000000000'); // unknown: no-op
  });

  it('lists each inhibiting alert once even when several rules agree', () => {
    const ih = new Inhibitor([rule, { ...rule, equal: [] }]);
    const source = alert({ s: '1', e: 'f' });
    ih.observe(source);
    expect(ih.inhibitedBy({ t: '1', e: 'f' }, 'x', NOW)).toEqual([source.fingerprint]);
  });

  it('ignores alerts that match no source side', () => {
    const ih = new Inhibitor([rule]);
    ih.observe(alert({ t: '1', e: 'f' }));
    expect(ih.size).toBe(0);
  });

  it('refuses bad matchers', () => {
    expect(() => new Inhibitor([{ ...rule, source_matchers: ['s=~"("'] }])).toThrow(SyntaxError);
  });
});
