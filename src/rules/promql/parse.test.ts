import { describe, expect, it } from 'vitest';
import { parsePromql } from './parse.js';
import { ruleExprProblem } from './rule-expr.js';

describe('parsePromql', () => {
  it.each([
    ['rate(x[5m:1m])', 'subquery is not supported'],
    ['x @ 1700000000', '@ modifier is not supported'],
    ['label_replace(x, "a", "$1", "b", "(.*)")', 'function "label_replace" is not supported'],
    ['predict_linear(x[1h], 3600)', 'function "predict_linear" is not supported'],
    ['stddev by (a) (x)', 'aggregation "stddev" is not supported'],
    ['count_values("v", x)', 'aggregation "count_values" is not supported'],
    ['x atan2 y', 'operator "atan2" is not supported'],
    ['x[5m] * 2', 'binary expression must contain only scalar and instant vector types'],
    ['1 > 2', 'comparisons between scalars must use BOOL modifier'],
    ['x + bool y', 'bool modifier can only be used on comparison operators'],
    ['x and 1', 'set operator "and" not allowed in binary scalar expression'],
    ['x and on (a) group_left y', 'no grouping allowed for "and" operation'],
    ['1 + on (a) x', 'vector matching only allowed between instant vectors'],
    ['rate(x)', 'call to function "rate": expected type range vector, got instant vector'],
    ['clamp(x, 1)', 'call to function "clamp": expected 3 argument(s), got 2'],
    ['topk(x, y)', 'aggregation "topk": expected type scalar as parameter, got instant vector'],
    ['{a=~".*"}', 'vector selector must contain at least one non-empty matcher'],
    ['x{__name__="y"}', 'metric name must not be set twice'],
    ['x{a=~"("}', /^invalid regex "\(": /],
    ['x{a=~"(?m)a"}', 'unsupported regex flag group in "(?m)a"'],
    ['x[5m] offset 1h30m', undefined],
    ['sum(x', /^syntax error at character 6/],
    ['x[1h + 5m]', /^range "1h \+ 5m" \(only literal durations such as 5m\) is not supported/],
  ])('%s', (text, message) => {
    const run = () => parsePromql(text);
    if (message === undefined) expect(run).not.toThrow();
    else expect(run).toThrow(message);
  });

  it('accepts RE2 case-insensitive regexes and Go string escapes', () => {
    const { expr } = parsePromql('x{a=~"(?i)get", b="\\u00e9\\x41", c=`raw\\n`}');
    if (expr.kind !== 'selector') throw new Error(expr.kind);
    const [, a, b, c] = expr.matchers;
    expect([a!.test('GET'), b!.value, c!.value]).toEqual([true, 'éA', 'raw\\n']);
  });

  it('requires rules to produce a vector or scalar', () => {
    expect(ruleExprProblem('x[5m]')).toBe(
      'a rule must produce an instant vector or a scalar, not a range vector',
    );
    expect(ruleExprProblem('"text"')).toBe(
      'a rule must produce an instant vector or a scalar, not a string',
    );
    expect(ruleExprProblem('vector(1) > 0')).toBeUndefined();
  });
});
