/**
 * The sliver of RESP (the Redis protocol) a health probe needs: encoding a command, and
 * reading one top-level reply. Arrays and RESP3 types are reported as unexpected rather than
 * parsed: AUTH, SELECT and PING never answer with them.
 */
import { ProbeFailure } from '../shared/deadline.js';

/** Most bytes a reply line may take before it counts as garbage. */
export const MAX_REPLY_BYTES = 64 * 1024;

export type Reply =
  | { type: 'simple'; text: string }
  | { type: 'error'; text: string }
  | { type: 'integer'; text: string }
  | { type: 'bulk'; text: string | null }
  | { type: 'other'; text: string };

export function encodeCommand(args: readonly string[]): Buffer {
  const parts = args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`);
  return Buffer.from(`*${args.length}\r\n${parts.join('')}`);
}

/**
 * Parses one reply at the start of `received`: the reply and its size, undefined while
 * incomplete. Throws a ProbeFailure for bytes that are not RESP (`what`: the command).
 */
export function parseReply(
  received: Buffer,
  what: string,
): { reply: Reply; size: number } | undefined {
  if (received.length === 0) return undefined;
  const type = String.fromCharCode(received[0]!);
  const end = received.indexOf('\r\n');
  if (!'+-:$*'.includes(type) || (end < 0 && received.length >= MAX_REPLY_BYTES))
    throw new ProbeFailure(`unexpected reply to ${what}: ${show(received)}`);
  if (end < 0) return undefined;
  const text = received.subarray(1, end).toString('utf8');
  const size = end + 2;
  switch (type) {
    case '+':
      return { reply: { type: 'simple', text }, size };
    case '-':
      return { reply: { type: 'error', text }, size };
    case ':':
      return { reply: { type: 'integer', text }, size };
    case '$': {
      const length = Number(text);
      if (!Number.isInteger(length) || length < -1)
        throw new ProbeFailure(`unexpected reply to ${what}: ${show(received)}`);
      if (length === -1) return { reply: { type: 'bulk', text: null }, size };
      if (received.length < size + length + 2) return undefined;
      const body = received.subarray(size, size + length).toString('utf8');
      return { reply: { type: 'bulk', text: body }, size: size + length + 2 };
    }
    default:
      return { reply: { type: 'other', text: `*${text}` }, size };
  }
}

/** A reply as an operator reads it: `+OK`, `-ERR …`, `$5 hello`. */
export function describeReply(reply: Reply): string {
  const prefix = { simple: '+', error: '-', integer: ':', bulk: '$', other: '' }[reply.type];
  return JSON.stringify(`${prefix}${reply.text ?? '(nil)'}`.slice(0, 80));
}

/** The first line (or 40 bytes) of unexpected bytes, quoted. */
function show(received: Buffer): string {
  const firstLine = received.subarray(0, 40).toString('utf8').split('\r\n')[0] ?? '';
  return JSON.stringify(firstLine);
}
