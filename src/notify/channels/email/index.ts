/**
 * `email`: SMTP through nodemailer, one pooled transport per server. Replies classify as SMTP
 * means them (RFC 5321): 2xx delivered, 4xx transient (retry), 5xx permanent (failed), except
 * 503 "bad sequence of commands", a session fault a new connection clears. No answer at all
 * (refused, reset, timed out, TLS failed) is worth another attempt.
 */
import type { NodemailerError } from 'nodemailer';
import type { AttemptResult, Channel } from '../channel.js';
import { describeFailure, formatMs, MAX_QUOTE, redact } from '../detail.js';
import { emailRecipients, renderEmail } from './render.js';
import { EMAIL_CONNECTIONS, transportFor } from './transport.js';

export { closeEmailPools } from './transport.js';
export { emailSubject, renderEmail, type RenderedEmail } from './render.js';
export { threadHeaders } from './threading.js';

const NO_ADDRESS = 'no address: the person has no email and the channel no `to`';

/** Errors no later attempt can fix: the config or the message is wrong, not the server's state. */
const PERMANENT_CODES = new Set(['ENOAUTH', 'ECONFIG', 'EENVELOPE', 'EAUTH']);

/** The outcome of a failed send. */
export function smtpFailure(
  error: unknown,
  timeoutMs: number,
  secrets: readonly string[],
): AttemptResult {
  const e = (error ?? {}) as NodemailerError;
  if (e.code === 'EABORT' || e.name === 'AbortError' || e.name === 'TimeoutError')
    return { outcome: 'retry', status: null, detail: `timeout after ${formatMs(timeoutMs)}` };
  if (typeof e.responseCode === 'number') {
    const permanent = e.permanent ?? (e.responseCode >= 500 && e.responseCode !== 503);
    const reply = redact(e.response ?? e.message ?? '', secrets, MAX_QUOTE);
    return {
      outcome: permanent ? 'failed' : 'retry',
      status: e.responseCode,
      detail: redact(`SMTP ${e.responseCode}: ${reply.replace(/^\d{3}[ -]/, '')}`, secrets),
    };
  }
  // Errors no later attempt can fix carry Nodemailer's own code; socket errors are retried.
  const { text } = describeFailure(error);
  return {
    outcome: PERMANENT_CODES.has(String(e.code)) ? 'failed' : 'retry',
    status: null,
    detail: redact(text, secrets),
  };
}

export const emailChannel: Channel<'email'> = {
  defaults: { concurrency: EMAIL_CONNECTIONS, rateLimit: null },
  unreachable(message, config) {
    return emailRecipients(message, config).length ? undefined : NO_ADDRESS;
  },
  async attempt(message, config, { timeoutMs, idempotencyKey }) {
    const mail = renderEmail(message, config, idempotencyKey);
    if (mail.to.length === 0) return { outcome: 'failed', status: null, detail: NO_ADDRESS };
    const secrets = config.password ? [config.password] : [];
    try {
      const info = await transportFor(config).sendMail({
        ...mail,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const response = String(info.response ?? '250');
      const status = Number(/^\d{3}/.exec(response)?.[0] ?? 250);
      const rejected = (info.rejected ?? []).length;
      const note = rejected ? ` (${rejected} recipient(s) rejected)` : '';
      return {
        outcome: 'delivered',
        status,
        detail: redact(`SMTP ${response}${note}`, secrets),
      };
    } catch (error) {
      return smtpFailure(error, timeoutMs, secrets);
    }
  },
};
