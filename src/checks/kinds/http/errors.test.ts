import { describe, expect, it } from 'vitest';
import { describeNetError, formatMs } from './errors.js';

function error(code: string, message: string, extra: object = {}) {
  return Object.assign(new Error(message), { code, ...extra });
}

describe('formatMs', () => {
  it('shows milliseconds below a second, else tenths of seconds', () => {
    expect([0, 12.4, 999, 999.6, 1000, 2345, 10_000, 59_960].map(formatMs)).toEqual([
      '0ms',
      '12ms',
      '999ms',
      '1s',
      '1s',
      '2.3s',
      '10s',
      '60s',
    ]);
  });
});

describe('describeNetError', () => {
  it('keeps short Node messages and rewrites internal ones', () => {
    const cases: [Error, string][] = [
      [
        error('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.1:80'),
        'connect ECONNREFUSED 10.0.0.1:80',
      ],
      [error('CERT_HAS_EXPIRED', 'certificate has expired'), 'certificate has expired'],
      [error('UND_ERR_SOCKET', 'other side closed'), 'connection closed before response'],
      [error('UND_ERR_CONNECT_TIMEOUT', 'Connect Timeout Error'), 'connect timeout (db:5432)'],
      [
        error('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames", {
          host: 'api.example.com',
        }),
        'certificate does not match host api.example.com',
      ],
      [
        error('ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', 'C0:error:0A000410:SSL routines::x'),
        'TLS handshake failed: sslv3 alert handshake failure',
      ],
      [
        error(
          'ECONNRESET',
          'Client network socket disconnected before secure TLS connection was established',
        ),
        'connection closed during TLS handshake',
      ],
      [
        Object.assign(new Error('bad'), { name: 'HTTPParserError', data: '\u0015\u0003\u0001' }),
        'invalid HTTP response: "\\u0015\\u0003\\u0001"',
      ],
    ];
    for (const [err, reason] of cases) expect(describeNetError(err, 'db:5432')).toBe(reason);
    expect(describeNetError('boom', 'x:1')).toBe('boom');
    expect(describeNetError(new Error(`first line\n${'x'.repeat(300)}`), 'x:1')).toBe('first line');
  });
});
