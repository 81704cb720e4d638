import { describe, expect, it } from 'vitest';
import {
  compileRouteTree,
  formatLabelSet,
  goQuote,
  groupKey,
  groupLabels,
  mappedSeverity,
  matchRoutes,
} from './index.js';

describe('groupLabels and groupKey', () => {
  const tree = compileRouteTree({
    group_by: ['alertname', 'service'],
    severity_map: { critical: 'P1', warning: 'P3' },
    routes: [
      { matchers: ['severity=~"P0|P1"'], routes: [{ matchers: ['team="db"'], group_by: ['...'] }] },
    ],
  });
  const alert = { alertname: 'Down', service: 'api', instance: 'a:1', severity: 'P1' };

  it('keeps the group_by labels of the route the alert took', () => {
    const [route] = matchRoutes(tree, alert);
    expect(route!.key).toBe('{}/{severity=~"P0|P1"}');
    expect(groupLabels(route!, alert)).toEqual({ alertname: 'Down', service: 'api' });
    expect(groupKey(route!, alert)).toBe(
      '{}/{severity=~"P0|P1"}:{alertname="Down", service="api"}',
    );
  });

  it('groups by every label with ..., and leaves out absent or empty labels', () => {
    const labels = { ...alert, team: 'db', empty: '' };
    const [route] = matchRoutes(tree, labels);
    expect(route!.groupByAll).toBe(true);
    expect(groupLabels(route!, labels)).toEqual({
      alertname: 'Down',
      instance: 'a:1',
      service: 'api',
      severity: 'P1',
      team: 'db',
    });
    expect(groupLabels(tree, { alertname: 'X' })).toEqual({ alertname: 'X' });
    expect(groupKey(tree, { other: 'y' })).toBe('{}:{}');
  });

  it('maps the severity label through the route severity_map', () => {
    expect(mappedSeverity(tree, { severity: 'critical' })).toBe('P1');
    expect(mappedSeverity(tree, { severity: 'info' })).toBeUndefined();
    expect(mappedSeverity(tree, { severity: 'toString' })).toBeUndefined();
    expect(mappedSeverity(tree, {})).toBeUndefined();
  });
});

describe('Go text forms', () => {
  it('sorts label pairs as text, like model.LabelSet.String', () => {
    // '1' (0x31) sorts before '=' (0x3d), so `a1=` comes before `a=`.
    expect(formatLabelSet({ a: 'x', a1: 'y', b: 'z' })).toBe('{a1="y", a="x", b="z"}');
  });

  it('quotes like strconv.Quote', () => {
    expect(goQuote('plain')).toBe('"plain"');
    expect(goQuote('a"b\\c\nd\te')).toBe('"a\\"b\\\\c\\nd\\te"');
    expect(goQuote('\x00\x07\x7f')).toBe('"\\x00\\a\\x7f"');
    expect(goQuote('ça 🚀')).toBe('"ça 🚀"');
    expect(goQuote('\u00a0\u200b')).toBe('"\\u00a0\\u200b"');
  });

  it('escapes matcher values in route keys the OpenMetrics way', () => {
    const tree = compileRouteTree({ routes: [{ matchers: [String.raw`a="q\"b\\s\n"`] }] });
    expect(tree.routes[0]!.key).toBe(String.raw`{}/{a="q\"b\\s\n"}`);
  });
});
