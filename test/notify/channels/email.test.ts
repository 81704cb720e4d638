/**
 * The email kind against real SMTP servers on 127.0.0.1: a plain one (`security: none`) and one
 * with STARTTLS on a self-signed certificate. What arrives is parsed with mailparser: both
 * parts, the subject, the headers that thread one incident, and how SMTP replies classify.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  emailChannel,
  emailSubject,
  renderEmail,
} from '../../../src/notify/channels/email/index.js';
import { closeChannels } from '../../../src/notify/channels/index.js';
import { testCerts } from '../../support/certs.js';
import { freePort } from '../../support/free-port.js';
import { startRaw, type Target } from '../../support/http-targets.js';
import { ACK, channelConfig, followUp, OPTIONS, pageMessage, RESOLVE, VIEW } from './fixtures.js';
import { startSmtpReceiver, type SmtpReceiver } from './smtp-receiver.js';

const ROOT = '<opsdeck-incident-42@opsdeck.example.com>';
let plain: SmtpReceiver;
let starttls: SmtpReceiver;
let silent: Target;

beforeAll(async () => {
  const certs = await testCerts();
  plain = await startSmtpReceiver();
  starttls = await startSmtpReceiver({ key: certs.selfSigned.key, cert: certs.selfSigned.cert });
  silent = await startRaw(() => {}); // accepts connections, never greets
});

afterAll(async () => {
  await closeChannels();
  await Promise.all([plain.close(), starttls.close(), silent.close()]);
});

beforeEach(() => {
  for (const server of [plain, starttls]) {
    server.messages.length = 0;
    server.secured.length = 0;
    server.refuse = undefined;
  }
});

const config = (port: number, extra: Record<string, unknown> = {}) =>
  channelConfig('email', {
    host: '127.0.0.1',
    port,
    security: 'none',
    from: 'opsdeck@example.com',
    to: ['oncall@example.com'],
    ...extra,
  });

describe('email content', () => {
  it('sends a text and an HTML part, escaped, with the links as buttons', async () => {
    const result = await emailChannel.attempt(pageMessage(), config(plain.port), OPTIONS);
    expect(result).toMatchObject({ outcome: 'delivered', status: 250 });
    expect(result.detail).toMatch(/^SMTP 250/);
    const [mail] = plain.messages;
    expect(mail!.envelopeTo).toEqual(['alice@example.com']); // the person, not the channel's `to`
    expect(mail!.from?.text).toBe('opsdeck@example.com');
    expect(mail!.subject).toBe('[P1] api: HighErrorRate (2 alerts)');
    expect(mail!.text).toContain('Latency p99 is 2.1s & rising <fast>.');
    expect(mail!.text).toContain(`Acknowledge: ${ACK}`);
    expect(mail!.text).toContain('- firing HighErrorRate instance=api-1:8000');
    const html = String(mail!.html);
    expect(html).toContain('2.1s &amp; rising &lt;fast&gt;.');
    expect(html).not.toContain('<fast>');
    for (const [label, url] of [
      ['Acknowledge', ACK],
      ['Resolve', RESOLVE],
      ['Open', VIEW],
    ])
      expect(html).toMatch(new RegExp(`<a href="${url}"[^>]*>${label}</a>`));
    expect(mail!.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail!.headers.get('x-opsdeck-incident')).toBe('42');
    expect(mail!.headers.get('x-opsdeck-event')).toBe('incident.triggered');
    expect(mail!.headers.get('priority')).toBe('high'); // mailparser's reading of X-Priority 1
  });

  it('writes to the channel `to` without a person, and is unreachable with neither', async () => {
    const anon = pageMessage({ recipient: undefined });
    await emailChannel.attempt(anon, config(plain.port), OPTIONS);
    expect(plain.messages[0]!.envelopeTo).toEqual(['oncall@example.com']);
    const noTo = config(plain.port, { to: undefined });
    expect(emailChannel.unreachable!(anon, noTo)).toMatch(/^no address/);
    expect(emailChannel.unreachable!(pageMessage(), noTo)).toBeUndefined();
    expect(await emailChannel.attempt(anon, noTo, OPTIONS)).toMatchObject({
      outcome: 'failed',
      status: null,
    });
  });

  it('tags acknowledgements and resolutions in the subject', () => {
    expect(emailSubject(followUp('incident.acknowledged'))).toBe(
      '[ACK] [P1] api: HighErrorRate (2 alerts)',
    );
    expect(emailSubject(followUp('incident.resolved'))).toBe(
      '[RESOLVED] [P1] api: HighErrorRate (2 alerts)',
    );
    expect(emailSubject(pageMessage({ severity: null, title: 'Test from Opsdeck' }))).toBe(
      'Test from Opsdeck',
    );
  });
});

describe('email threading', () => {
  it('threads every message of an incident under the first page', async () => {
    const c = config(plain.port);
    const sequence = [
      pageMessage(),
      followUp('incident.escalated', 1),
      followUp('incident.acknowledged'),
      followUp('incident.resolved'),
    ];
    for (const [i, message] of sequence.entries())
      await emailChannel.attempt(message, c, { ...OPTIONS, idempotencyKey: `n-${i}` });
    const [root, ...rest] = plain.messages;
    expect(root!.messageId).toBe(ROOT);
    expect(root!.inReplyTo).toBeUndefined();
    expect(root!.references).toBeUndefined();
    for (const mail of rest) {
      expect(mail.messageId).toMatch(/^<opsdeck-incident-42-[0-9a-f-]{36}@opsdeck\.example\.com>$/);
      expect(mail.inReplyTo).toBe(ROOT);
      expect(mail.references).toBe(ROOT);
      expect(mail.headers.get('x-opsdeck-incident')).toBe('42');
    }
    expect(new Set(plain.messages.map((m) => m.messageId)).size).toBe(4);
  });

  it('is not the root on a later round, and keeps one Message-ID across retries', () => {
    const secondRound = pageMessage({ incident: { ...pageMessage().incident!, round: 1 } });
    expect(renderEmail(secondRound, config(plain.port), 'k').inReplyTo).toBe(ROOT);
    const a = renderEmail(followUp('incident.acknowledged'), config(plain.port), 'same-key');
    const b = renderEmail(followUp('incident.acknowledged'), config(plain.port), 'same-key');
    expect(a.messageId).toBe(b.messageId);
    const group = renderEmail(
      pageMessage({ event: 'alert.group', incident: undefined }),
      config(plain.port),
      'g',
    );
    expect(group.messageId).toMatch(/^<opsdeck-alert-group-[0-9a-f-]{36}@opsdeck\.example\.com>$/);
    expect(group.references).toBeUndefined();
  });
});

describe('email transport', () => {
  it('upgrades with STARTTLS, trusting a self-signed certificate only when told to', async () => {
    const trusting = config(starttls.port, { security: 'starttls', tls_verify: false });
    expect(await emailChannel.attempt(pageMessage(), trusting, OPTIONS)).toMatchObject({
      outcome: 'delivered',
    });
    expect(starttls.secured).toEqual([true]);
    const verifying = config(starttls.port, { security: 'starttls' });
    const refused = await emailChannel.attempt(pageMessage(), verifying, OPTIONS);
    expect(refused).toMatchObject({ outcome: 'retry', status: null });
    expect(refused.detail).toMatch(/certificate/i);
    expect(starttls.messages).toHaveLength(1);
  });

  it('refuses to send in plain text when STARTTLS is required but not offered', async () => {
    const result = await emailChannel.attempt(
      pageMessage(),
      config(plain.port, { security: 'starttls' }),
      OPTIONS,
    );
    expect(result.outcome).not.toBe('delivered');
    expect(plain.messages).toHaveLength(0);
  });

  it('retries a 4xx reply and fails a 5xx reply', async () => {
    plain.refuse = { code: 450, message: 'Mailbox busy, try later' };
    const busy = await emailChannel.attempt(pageMessage(), config(plain.port), OPTIONS);
    expect(busy).toMatchObject({ outcome: 'retry', status: 450 });
    expect(busy.detail).toContain('Mailbox busy');
    plain.refuse = { code: 550, message: 'No such user here' };
    const unknown = await emailChannel.attempt(pageMessage(), config(plain.port), OPTIONS);
    expect(unknown).toMatchObject({ outcome: 'failed', status: 550 });
    expect(unknown.detail).toContain('No such user');
  });

  it('retries when the server is down or never answers within the deadline', async () => {
    const down = await emailChannel.attempt(pageMessage(), config(await freePort()), OPTIONS);
    expect(down).toMatchObject({ outcome: 'retry', status: null });
    expect(down.detail).toMatch(/ECONNREFUSED|ECONNECTION|ESOCKET/);
    const started = Date.now();
    const hung = await emailChannel.attempt(pageMessage(), config(silent.port), {
      ...OPTIONS,
      timeoutMs: 400,
    });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(hung).toEqual({ outcome: 'retry', status: null, detail: 'timeout after 400ms' });
  });

  it('never shows the SMTP password', async () => {
    const withLogin = config(await freePort(), {
      username: 'opsdeck',
      password: 'smtp-pass-secret',
    });
    const result = await emailChannel.attempt(pageMessage(), withLogin, OPTIONS);
    expect(result.detail).not.toContain('smtp-pass-secret');
  });
});
