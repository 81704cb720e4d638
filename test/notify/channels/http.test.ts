/**
 * The shared HTTP attempt against a real receiver on 127.0.0.1: status classification,
 * Retry-After, network failures, the deadline over headers and body, and that no URL or secret
 * ever reaches a detail.
 */
import { describe, expect, it } from 'vitest';
import { httpAttempt, parseRetryAfter } from '../../../src/notify/channels/http.js';
import { VERSION } from '../../../src/version.js';
import { freePort } from '../../support/free-port.js';
import { useReceiver } from './fixtures.js';

const server = useReceiver();

const send = (path = '/hook', timeoutMs = 2_000) =>
  httpAttempt({ url: `${server().url}${path}`, body: '{"a":1}' }, { timeoutMs });

describe('httpAttempt', () => {
  it('POSTs the body as JSON with the Opsdeck user agent', async () => {
    const result = await send();
    expect(result).toEqual({ outcome: 'delivered', status: 200, detail: 'HTTP 200: {}' });
    const [req] = server().received;
    expect(req).toMatchObject({ method: 'POST', path: '/hook', raw: '{"a":1}' });
    expect(req!.headers['content-type']).toBe('application/json');
    expect(req!.headers['user-agent']).toBe(`Opsdeck/${VERSION}`);
  });

  it.each([
    [200, 'delivered'],
    [202, 'delivered'],
    [204, 'delivered'],
    [301, 'failed'],
    [400, 'failed'],
    [401, 'failed'],
    [404, 'failed'],
    [410, 'failed'],
    [408, 'retry'],
    [429, 'retry'],
    [500, 'retry'],
    [503, 'retry'],
  ] as const)('classifies HTTP %i as %s', async (status, outcome) => {
    server().reply = () => ({ status, body: status === 204 ? '' : 'answer' });
    const result = await send();
    expect(result.outcome).toBe(outcome);
    expect(result.status).toBe(status);
  });

  it('quotes the start of the answer: at most 300 characters of it', async () => {
    server().reply = () => ({ status: 503, body: `down ${'x'.repeat(1000)}` });
    const result = await send();
    expect(result.detail.startsWith('HTTP 503: down xxx')).toBe(true);
    expect(result.detail.length).toBeLessThanOrEqual('HTTP 503: '.length + 300);
  });

  it('reads Retry-After in seconds and as an HTTP date', async () => {
    server().reply = () => ({ status: 429, headers: { 'retry-after': '7' } });
    expect(await send()).toMatchObject({ outcome: 'retry', status: 429, retryAfterMs: 7_000 });
    const date = new Date(Date.now() + 30_000).toUTCString();
    server().reply = () => ({ status: 503, headers: { 'retry-after': date } });
    const later = await send();
    expect(later.retryAfterMs).toBeGreaterThan(25_000);
    expect(later.retryAfterMs).toBeLessThanOrEqual(30_000);
  });

  it('is a retry without an answer when the connection is refused', async () => {
    const port = await freePort();
    const result = await httpAttempt(
      { url: `http://127.0.0.1:${port}/hook`, body: '{}' },
      { timeoutMs: 2_000 },
    );
    expect(result).toEqual({
      outcome: 'retry',
      status: null,
      detail: 'ECONNREFUSED: connection refused',
    });
  });

  it('gives up at the deadline when no answer comes', async () => {
    server().reply = () => ({ delayMs: 5_000 });
    const started = Date.now();
    const result = await send('/slow', 300);
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(result).toEqual({ outcome: 'retry', status: null, detail: 'timeout after 300ms' });
  });

  it('counts the body in the deadline: headers on time, body too late', async () => {
    server().reply = () => ({ status: 200, bodyDelayMs: 5_000 });
    const started = Date.now();
    const result = await send('/trickle', 300);
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(result).toMatchObject({ outcome: 'retry', status: null });
  });

  it('never shows the URL, its path, the authorization header or a named secret', async () => {
    const token = '123456:AAH-secret-bot-token';
    const path = `/bot${token}/sendMessage?key=query-secret-1`;
    server().reply = (req) => ({
      status: 400,
      body: `bad ${server().url}${req.path} path ${req.path} auth ${String(req.headers.authorization)} raw ${token}`,
    });
    const result = await httpAttempt(
      {
        url: `${server().url}${path}`,
        headers: { Authorization: 'Bearer tk_abcdefgh' },
        body: '{}',
      },
      { timeoutMs: 2_000, secrets: [token] },
    );
    expect(result.outcome).toBe('failed');
    for (const leak of [token, 'query-secret-1', 'tk_abcdefgh', server().url, '/sendMessage'])
      expect(result.detail).not.toContain(leak);
    expect(result.detail).toContain('***');
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds, decimals and dates; ignores the rest', () => {
    const now = Date.parse('2026-11-20T10:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('1.5', now)).toBe(1_500);
    expect(parseRetryAfter('Fri, 20 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Fri, 20 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});
