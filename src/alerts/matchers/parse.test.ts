import { describe, expect, it } from 'vitest';
import type { Matcher, MatchType } from './matcher.js';
import { parseMatcher, parseMatchers } from './parse.js';

const m = (name: string, type: MatchType, value: string): Matcher => ({ name, type, value });

// Alertmanager's own vectors (pkg/labels/parse_test.go, TestMatchers), same inputs and results.
const valid: [string, Matcher[]][] = [
  ['{foo="bar"}', [m('foo', '=', 'bar')]],
  ['{foo=~"bar.*"}', [m('foo', '=~', 'bar.*')]],
  ['{foo!="bar"}', [m('foo', '!=', 'bar')]],
  ['{foo!~"bar.*"}', [m('foo', '!~', 'bar.*')]],
  ['{foo="bar", baz!="quux"}', [m('foo', '=', 'bar'), m('baz', '!=', 'quux')]],
  ['{foo="bar", baz!~"quux.*"}', [m('foo', '=', 'bar'), m('baz', '!~', 'quux.*')]],
  [
    '{foo="bar",baz!~".*quux", derp="wat"}',
    [m('foo', '=', 'bar'), m('baz', '!~', '.*quux'), m('derp', '=', 'wat')],
  ],
  [
    '{foo="bar", baz!="quux", derp="wat"}',
    [m('foo', '=', 'bar'), m('baz', '!=', 'quux'), m('derp', '=', 'wat')],
  ],
  [
    '{foo="bar", baz!~".*quux.*", derp="wat"}',
    [m('foo', '=', 'bar'), m('baz', '!~', '.*quux.*'), m('derp', '=', 'wat')],
  ],
  [
    '{foo="bar", instance=~"some-api.*"}',
    [m('foo', '=', 'bar'), m('instance', '=~', 'some-api.*')],
  ],
  ['{foo=""}', [m('foo', '=', '')]],
  ['{foo="bar,quux", job="job1"}', [m('foo', '=', 'bar,quux'), m('job', '=', 'job1')]],
  ['{foo = "bar", dings != "bums", }', [m('foo', '=', 'bar'), m('dings', '!=', 'bums')]],
  ['foo=bar,dings!=bums', [m('foo', '=', 'bar'), m('dings', '!=', 'bums')]],
  [
    String.raw`{quote="She said: \"Hi, ladies! That's gender-neutral…\""}`,
    [m('quote', '=', `She said: "Hi, ladies! That's gender-neutral…"`)],
  ],
  ['statuscode=~"5.."', [m('statuscode', '=~', '5..')]],
  ['tricky=~~~', [m('tricky', '=~', '~~')]],
  [String.raw`trickier==\\=\=\"`, [m('trickier', '=', String.raw`=\=\="`)]],
  [
    String.raw`contains_quote != "\"" , contains_comma !~ "foo,bar" , `,
    [m('contains_quote', '!=', '"'), m('contains_comma', '!~', 'foo,bar')],
  ],
];

const invalid: [string, string][] = [
  ['job="value', 'matcher value contains unescaped double quote: "value'],
  ['job=value"', 'matcher value contains unescaped double quote: value"'],
  [
    String.raw`trickier==\\=\=\""`,
    String.raw`matcher value contains unescaped double quote: =\\=\=\""`,
  ],
  ['contains_unescaped_quote = foo"bar', 'matcher value contains unescaped double quote: foo"bar'],
  ['{invalid-name = "valid label"}', 'bad matcher format: invalid-name = "valid label"'],
  // Double-escaped strings, as a shell or a YAML file may leave them.
  [String.raw`"{foo=\"bar"}`, String.raw`bad matcher format: "{foo=\"bar"`],
  [String.raw`"foo=\"bar"`, String.raw`bad matcher format: "foo=\"bar"`],
  [String.raw`"foo=\"bar\""`, String.raw`bad matcher format: "foo=\"bar\""`],
  [String.raw`"foo=\"bar\"`, String.raw`bad matcher format: "foo=\"bar\"`],
  [String.raw`"{foo=\"bar\"}"`, String.raw`bad matcher format: "{foo=\"bar\"}"`],
  ['"foo="bar""', 'bad matcher format: "foo="bar""'],
];

describe('parseMatchers (Alertmanager vectors)', () => {
  it.each(valid)('parses %s', (input, expected) => {
    expect(parseMatchers(input)).toEqual(expected);
  });

  it.each(invalid)('rejects %s', (input, message) => {
    expect(() => parseMatchers(input)).toThrow(new SyntaxError(message));
  });

  it('rejects an invalid regex, naming it', () => {
    expect(() => parseMatchers('{foo=~"invalid[regexp"}')).toThrow(
      /invalid regular expression \/invalid\[regexp\//,
    );
    expect(() => parseMatchers('foo!~"(a"')).toThrow(SyntaxError);
  });
});

describe('parseMatchers edge cases', () => {
  it('reads an empty value as the empty string (the classic parser since #2968 was relaxed)', () => {
    expect(parseMatchers('job=')).toEqual([m('job', '=', '')]);
    expect(parseMatchers('job=, a=b')).toEqual([m('job', '=', ''), m('a', '=', 'b')]);
  });

  it('unescapes \\n and keeps spurious and trailing backslashes', () => {
    expect(parseMatcher(String.raw`a="x\ny"`).value).toBe('x\ny');
    expect(parseMatcher(String.raw`a="x\dy"`).value).toBe(String.raw`x\dy`);
    expect(parseMatcher(String.raw`a=x\\`).value).toBe('x\\');
    expect(parseMatcher(String.raw`a=x\ `).value).toBe('x\\');
  });

  it('drops one brace on each side only, and no surrounding space', () => {
    expect(parseMatchers('')).toEqual([]);
    expect(parseMatchers('{}')).toEqual([]);
    expect(() => parseMatchers(' {a="b"}')).toThrow('bad matcher format: {a="b"');
    expect(() => parseMatchers('{{a="b"}}')).toThrow('bad matcher format: {a="b"');
  });

  it('rejects an empty matcher between two commas', () => {
    expect(() => parseMatchers('a=b,,c=d')).toThrow(new SyntaxError('bad matcher format: '));
  });

  it('accepts colons in names and keeps Unicode values intact', () => {
    expect(parseMatcher('ns:job = "ça va 🚀"')).toEqual(m('ns:job', '=', 'ça va 🚀'));
  });

  it('parses the operators greedily: =~ before =', () => {
    expect(parseMatcher('a=~b')).toEqual(m('a', '=~', 'b'));
    expect(parseMatcher('a==b')).toEqual(m('a', '=', '=b'));
    expect(parseMatcher('a!=~b')).toEqual(m('a', '!=', '~b'));
  });

  it('rejects what is not a matcher at all', () => {
    for (const bad of ['a', '=b', '1a=b', 'a~b', 'a-b=c'])
      expect(() => parseMatcher(bad), bad).toThrow(/^bad matcher format/);
  });
});

describe('RE2 inline flags', () => {
  it('lifts a leading (?i) into a case-insensitive match', async () => {
    const { compileMatcher } = await import('./matcher.js');
    const m = compileMatcher(parseMatcher('alertname=~"(?i)disk.*"'));
    expect(m.test({ alertname: 'DiskFull' })).toBe(true);
    expect(m.test({ alertname: 'CpuHigh' })).toBe(false);
  });
});
