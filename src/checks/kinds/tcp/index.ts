/**
 * `tcp` checks: connect (optionally over TLS, verified against the system CAs), optionally
 * send a text, optionally read until the reply contains the expected text.
 */
import tls from 'node:tls';
import type { CheckSpec } from '../../../config/index.js';
import type { Probe, ProbeContext, ProbeResult, Prober } from '../../probe.js';
import { Conversation } from '../shared/conversation.js';
import { hostPort, ProbeFailure, startDeadline } from '../shared/deadline.js';

/** Most of a reply kept while looking for `expect`. */
export const MAX_REPLY_BYTES = 64 * 1024;
const EXCERPT_CHARS = 200;

export const tcpProber: Prober<'tcp'> = {
  compile(spec): Probe {
    const target = hostPort(spec.host, spec.port);
    return { target, run: (ctx) => runTcp(spec, ctx) };
  },
};

async function runTcp(spec: CheckSpec<'tcp'>, ctx: ProbeContext): Promise<ProbeResult> {
  const deadline = startDeadline(ctx);
  const started = performance.now();
  const details: Record<string, unknown> = {};
  let conversation: Conversation | undefined;
  try {
    conversation = await Conversation.open(
      { host: spec.host, port: spec.port, tls: spec.tls },
      deadline,
      MAX_REPLY_BYTES,
    );
    details.connect_ms = Math.round(performance.now() - started);
    const certExpiresAt = certificateExpiry(conversation.socket);
    if (spec.send !== undefined) await conversation.write(spec.send, 'the message');
    const reason = spec.expect === undefined ? null : await awaitReply(conversation, spec.expect);
    if (spec.expect !== undefined) details.reply = excerpt(conversation.buffered);
    return { status: reason ? 'down' : 'up', reason, details, certExpiresAt };
  } catch (err) {
    if (!(err instanceof ProbeFailure)) throw err;
    if (spec.expect !== undefined && conversation) details.reply = excerpt(conversation.buffered);
    return { status: 'down', reason: err.message, details };
  } finally {
    conversation?.destroy();
    deadline.dispose();
  }
}

/** Reads until the reply contains `expect`; null when it does, else the reason. */
async function awaitReply(conversation: Conversation, expect: string): Promise<string | null> {
  const wanted = Buffer.from(expect);
  const quoted = JSON.stringify(expect);
  const found = await conversation.read(
    (reply, ended) =>
      reply.includes(wanted) ? true : ended || reply.length >= MAX_REPLY_BYTES ? false : undefined,
    quoted,
  );
  if (found) return null;
  const reply = conversation.buffered;
  if (reply.length === 0) return `connection closed with no reply (expected ${quoted})`;
  if (reply.length >= MAX_REPLY_BYTES) return `reply does not contain ${quoted} (first 64KiB)`;
  return `reply does not contain ${quoted}`;
}

function excerpt(reply: Buffer): string {
  return reply
    .subarray(0, EXCERPT_CHARS * 4)
    .toString('utf8')
    .slice(0, EXCERPT_CHARS);
}

function certificateExpiry(socket: unknown): number | undefined {
  if (!(socket instanceof tls.TLSSocket)) return undefined;
  const expires = Date.parse(socket.getPeerCertificate().valid_to ?? '');
  return Number.isNaN(expires) ? undefined : expires;
}
