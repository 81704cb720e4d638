import { describe, expect, it } from 'vitest';
import type { NotificationMessage } from '../message.js';
import { redact } from './detail.js';
import {
  actionLinks,
  alertLines,
  escapeHtml,
  headline,
  lifecycleAction,
  statusWords,
  truncate,
  truncateBytes,
} from './render.js';

function message(overrides: Partial<NotificationMessage> = {}): NotificationMessage {
  return {
    event: 'incident.triggered',
    title: 'api: HighErrorRate',
    text: 'Error rate 7%',
    severity: 'P1',
    status: 'triggered',
    alerts: [],
    links: { view: 'https://o.example.com/i/1' },
    dedupKey: 'k',
    ...overrides,
  };
}

describe('render', () => {
  it('adds the severity tag to the headline once', () => {
    expect(headline(message())).toBe('[P1] api: HighErrorRate');
    expect(headline(message({ title: '[P1] api: HighErrorRate' }))).toBe('[P1] api: HighErrorRate');
    expect(headline(message({ severity: null }))).toBe('api: HighErrorRate');
  });

  it('lists Acknowledge and Resolve only while offered, Open always, in that order', () => {
    expect(actionLinks(message()).map((l) => l.label)).toEqual(['Open']);
    const links = { view: 'v', acknowledge: 'a', resolve: 'r' };
    expect(actionLinks(message({ links })).map((l) => l.url)).toEqual(['a', 'r', 'v']);
  });

  it('maps events and statuses to trigger, acknowledge and resolve', () => {
    expect(lifecycleAction(message())).toBe('trigger');
    expect(lifecycleAction(message({ event: 'incident.escalated' }))).toBe('trigger');
    expect(
      lifecycleAction(message({ event: 'incident.acknowledged', status: 'acknowledged' })),
    ).toBe('acknowledge');
    expect(lifecycleAction(message({ event: 'alert.group', status: 'resolved' }))).toBe('resolve');
    expect(statusWords(message({ event: 'test' }))).toBe('Test notification');
  });

  it('lists at most `max` alerts, then how many more', () => {
    const alert = (i: number) => ({
      status: 'firing' as const,
      labels: { alertname: 'Down', instance: `h${i}` },
      annotations: {},
      startsAt: '2026-01-01T00:00:00Z',
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: '',
      fingerprint: `f${i}`,
    });
    const lines = alertLines(message({ alerts: [1, 2, 3].map(alert) }), 2);
    expect(lines).toEqual(['firing Down instance=h1', 'firing Down instance=h2', '… and 1 more']);
  });

  it('truncates without splitting surrogate pairs or UTF-8 sequences', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('ab😀cd', 4)).toBe('ab…');
    expect(truncate('short', 10)).toBe('short');
    const cut = truncateBytes('€'.repeat(10), 10);
    expect(cut).toBe('€€…');
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(10);
  });

  it('escapes HTML text and attributes', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    );
  });
});

describe('redact', () => {
  it('masks secrets in every form and every URL, then bounds the length', () => {
    const url = 'https://hooks.example.com/services/T0/B0/abcdefSECRET';
    const text = `posted to ${url} (path /services/T0/B0/abcdefSECRET, ${encodeURIComponent('tok en:1234')})`;
    expect(redact(text, [url, 'tok en:1234'])).toBe('posted to *** (path ***, ***)');
    expect(redact('see http://proxy.local/x?sig=1 now', [])).toBe('see <url> now');
    expect(redact('x'.repeat(600), []).length).toBe(500);
    expect(redact('line\none\t\u0007two', [])).toBe('line one two');
  });
});
