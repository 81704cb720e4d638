import { describe, expect, it } from 'vitest';
import { ExpositionError, parseExposition } from './exposition.js';

describe('Prometheus text format 0.0.4', () => {
  it('reads samples, labels with escapes, special values and timestamps', () => {
    const body = [
      '# HELP http_requests_total The total number of HTTP requests.',
      '# TYPE http_requests_total counter',
      'http_requests_total{method="post",code="200"} 1027 1395066363000',
      'http_requests_total{method="post",code="400",}    3 1395066363000',
      '',
      '# Escaping in label values:',
      'msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9',
      'metric_without_timestamp_and_labels 12.47',
      'something_weird{problem="division by zero"} +Inf -3982045',
      'nan_and_neg{a=""} NaN',
      'neg -Inf',
      '  indented_ok 1',
      'rpc_duration_seconds{quantile="0.99"} 76656',
      'windows_line_ending 2\r',
    ].join('\n');
    const samples = parseExposition(body, 'prometheus');
    expect(samples.map((s) => [s.name, s.labels, s.value, s.timestamp])).toEqual([
      ['http_requests_total', { method: 'post', code: '200' }, 1027, 1395066363000],
      ['http_requests_total', { method: 'post', code: '400' }, 3, 1395066363000],
      [
        'msdos_file_access_time_seconds',
        { path: 'C:\\DIR\\FILE.TXT', error: 'Cannot find file:\n"FILE.TXT"' },
        1.458255915e9,
        undefined,
      ],
      ['metric_without_timestamp_and_labels', {}, 12.47, undefined],
      ['something_weird', { problem: 'division by zero' }, Infinity, -3982045],
      ['nan_and_neg', { a: '' }, NaN, undefined],
      ['neg', {}, -Infinity, undefined],
      ['indented_ok', {}, 1, undefined],
      ['rpc_duration_seconds', { quantile: '0.99' }, 76656, undefined],
      ['windows_line_ending', {}, 2, undefined],
    ]);
  });

  it.each([
    ['<html><body>Not metrics</body></html>', 'line 1: expected a metric name'],
    ['foo{a="1"} not_a_number', 'line 1: invalid value "not_a_number"'],
    ['foo{a="1",a="2"} 1', 'line 1: duplicate label a'],
    ['foo{a=1} 1', 'line 1: expected a quoted value for label a'],
    ['foo{a="1" 1', 'line 1: expected "," or "}" after a label'],
    ['foo{a="unterminated} 1', 'line 1: unterminated value for label a'],
    ['ok 1\nfoo 1 12.5', 'line 2: invalid timestamp "12.5"'],
    ['foo 1 2 3', 'line 1: unexpected text after the sample'],
    ['foo', 'line 1: expected a space before the value'],
    ['# TYPE foo bogus\nfoo 1', 'line 1: invalid metric type "bogus"'],
  ])('rejects %j', (body, message) => {
    expect(() => parseExposition(body, 'prometheus')).toThrow(new ExpositionError(message));
  });
});

describe('OpenMetrics 1.0', () => {
  it('reads timestamps in seconds, ignores exemplars and metadata, needs # EOF', () => {
    const body = [
      '# TYPE acme_http_router_request_seconds summary',
      '# UNIT acme_http_router_request_seconds seconds',
      "# HELP acme_http_router_request_seconds Latency though all of ACME's global routers.",
      'acme_http_router_request_seconds_sum{path="/api/v1",method="GET"} 9036.32',
      'acme_http_router_request_seconds_count{path="/api/v1",method="GET"} 807283.0',
      'acme_http_router_request_seconds_created{path="/api/v1",method="GET"} 1605281325.0',
      '# TYPE foo histogram',
      'foo_bucket{le="0.01"} 0',
      'foo_bucket{le="+Inf"} 17 1520879607.789 # {trace_id="KOO5S4vxi0o"} 0.67',
      '# EOF',
      '',
    ].join('\n');
    const samples = parseExposition(body, 'openmetrics');
    expect(samples.map((s) => [s.name, s.value, s.timestamp])).toEqual([
      ['acme_http_router_request_seconds_sum', 9036.32, undefined],
      ['acme_http_router_request_seconds_count', 807283, undefined],
      ['acme_http_router_request_seconds_created', 1605281325, undefined],
      ['foo_bucket', 0, undefined],
      ['foo_bucket', 17, 1520879607789],
    ]);
  });

  it.each([
    ['foo 1\n', 'missing # EOF at the end'],
    ['foo 1\n# EOF\nbar 2\n', 'line 3: content after # EOF'],
    ['foo 1\n\n# EOF\n', 'line 2: empty line'],
    ['# just a comment\nfoo 1\n# EOF\n', 'line 1: unexpected comment'],
  ])('rejects %j', (body, message) => {
    expect(() => parseExposition(body, 'openmetrics')).toThrow(new ExpositionError(message));
  });
});
