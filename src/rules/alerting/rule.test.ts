import { describe, expect, it } from 'vitest';
import { AlertingRule, type RuleDefinition } from './rule.js';
import { compileTemplate, renderTemplate } from './template.js';

const M = 60_000;

function rule(over: Partial<RuleDefinition> = {}): AlertingRule {
  return new AlertingRule({
    name: 'HighCPU',
    expr: 'cpu > 80',
    forMs: 10 * M,
    keepFiringForMs: 0,
    severity: 'P2',
    service: 'api',
    runbook: 'runbooks/cpu.md',
    labels: { team: compileTemplate('sre-{{ $labels.zone }}') },
    annotations: {
      summary: compileTemplate('CPU at {{ $value | humanize }}% on {{ $labels.instance }}'),
    },
    ...over,
  });
}

const hot = (value = 91, instance = 'n1') => [
  { labels: { __name__: 'cpu', instance, zone: 'eu' }, value },
];

describe('AlertingRule', () => {
  it('is pending until the condition held for `for`, then fires with templated labels', () => {
    const r = rule();
    r.update(hot(), 0);
    expect(r.state).toBe('pending');
    expect(r.toSend(0, 4 * M, '')).toEqual([]);
    r.update(hot(), 9 * M);
    expect(r.state).toBe('pending');
    r.update(hot(95.5), 10 * M);
    expect(r.state).toBe('firing');
    expect(r.toSend(10 * M, 4 * M, 'http://x').map(([, a]) => a)).toEqual([
      {
        labels: {
          instance: 'n1',
          zone: 'eu',
          team: 'sre-eu',
          alertname: 'HighCPU',
          severity: 'P2',
          service: 'api',
        },
        annotations: { summary: 'CPU at 95.5% on n1', runbook: 'runbooks/cpu.md' },
        startsAt: 10 * M,
        endsAt: 14 * M,
        timeout: false,
        generatorURL: 'http://x',
      },
    ]);
  });

  it('forgets a pending alert that stops, and restarts its clock', () => {
    const r = rule();
    r.update(hot(), 0);
    r.update([], 5 * M);
    expect(r.alerts()).toEqual([]);
    r.update(hot(), 6 * M);
    r.update(hot(), 15 * M);
    expect(r.state).toBe('pending');
    r.update(hot(), 16 * M);
    expect(r.state).toBe('firing');
  });

  it('resolves a firing alert with endsAt = resolution time, sent until accepted', () => {
    const r = rule({ forMs: 0 });
    r.update(hot(), 0);
    expect(r.state).toBe('firing');
    r.update([], M);
    const [held, sent] = r.toSend(M, 4 * M, '')[0]!;
    expect([held.state, sent.startsAt, sent.endsAt]).toEqual(['inactive', 0, M]);
    expect(r.toSend(2 * M, 4 * M, '')).toHaveLength(1);
    held.resolvedSent = true;
    expect(r.toSend(2 * M, 4 * M, '')).toEqual([]);
    // Back again: a new alert (new start), not the old one.
    r.update(hot(), 3 * M);
    expect(r.toSend(3 * M, 4 * M, '').map(([, a]) => [a.startsAt, a.endsAt])).toEqual([
      [3 * M, 7 * M],
    ]);
  });

  it('keeps firing for keep_firing_for after the condition stops', () => {
    const r = rule({ forMs: 0, keepFiringForMs: 5 * M });
    r.update(hot(), 0);
    r.update([], M);
    r.update([], 5 * M);
    expect(r.state).toBe('firing');
    r.update([], 6 * M);
    expect(r.state).toBe('inactive');
    expect(r.alerts()[0]!.resolvedAt).toBe(6 * M);
  });

  it('keep_firing_for restarts when the condition returns', () => {
    const r = rule({ forMs: 0, keepFiringForMs: 5 * M });
    r.update(hot(), 0);
    r.update([], 4 * M);
    r.update(hot(), 5 * M);
    r.update([], 8 * M);
    r.update([], 12 * M);
    expect(r.state).toBe('firing');
  });

  it('refuses two series that become the same alert', () => {
    const r = rule({ labels: {} });
    const twins = [
      { labels: { __name__: 'a', instance: 'n1' }, value: 1 },
      { labels: { __name__: 'b', instance: 'n1' }, value: 2 },
    ];
    expect(() => r.update(twins, 0)).toThrow(/same labelset after applying alert labels/);
  });

  it('drops resolved alerts after 15 minutes', () => {
    const r = rule({ forMs: 0 });
    r.update(hot(), 0);
    r.update([], M);
    r.update([], 16 * M);
    expect(r.alerts()).toHaveLength(1);
    r.update([], 16 * M + 1);
    expect(r.alerts()).toEqual([]);
  });
});

describe('templates', () => {
  const data = { labels: { instance: 'db:5432', job: 'pg' }, value: 0.934567 };
  it.each([
    ['{{ $labels.instance }} ({{$labels.job}})', 'db:5432 (pg)'],
    ['{{ $labels.missing }}|', '|'],
    ['{{ $value }}', '0.934567'],
    ['{{ humanizePercentage $value }}', '93.46%'],
    ['{{ $value | humanize }}', '934.6m'],
    ['{{ printf "%.1f" $value }} / {{ printf "%5.2f%%" $value }}', '0.9 /  0.93%'],
    ['a  {{- $labels.job -}}  b', 'apgb'],
    ['no actions', 'no actions'],
  ])('%s', (text, want) => {
    expect(renderTemplate(compileTemplate(text), data)).toBe(want);
  });

  it('formats like Go: %v of large values, humanizeDuration', () => {
    expect(renderTemplate(compileTemplate('{{ $value }}'), { labels: {}, value: 1234567 })).toBe(
      '1.234567e+06',
    );
    expect(
      renderTemplate(compileTemplate('{{ humanizeDuration $value }}'), {
        labels: {},
        value: 90061,
      }),
    ).toBe('1d 1h 1m 1s');
    expect(
      renderTemplate(compileTemplate('{{ humanize $value }}'), { labels: {}, value: 2048000 }),
    ).toBe('2.048M');
  });

  it.each([
    '{{ .Labels.x }}',
    '{{ range $labels }}{{ end }}',
    '{{ $labels.x ',
    '{{ index $labels "x" }}',
  ])('rejects %s', (text) => {
    expect(() => compileTemplate(text)).toThrow(/unsupported template action|unclosed/);
  });
});
