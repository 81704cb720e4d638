/**
 * Email threading: every message about one incident lands in one conversation.
 *
 * The rule (RFC 5322 `Message-ID`, `In-Reply-To`, `References`):
 * - The incident's `threadId` is the thread's root Message-ID (angle brackets optional in it).
 * - The first page of an incident (`incident.triggered` at escalation step 0, round 0) is the
 *   root: its Message-ID is `<threadId>`, with no In-Reply-To or References.
 * - Every other message of the incident (escalations, later rounds, acknowledgements,
 *   resolutions, post-mortem reminders) gets its own `<opsdeck-incident-<id>-<uuid>@<host>>` and
 *   `In-Reply-To: <threadId>`, `References: <threadId>`. Clients thread these under the root,
 *   and together even for a person who was first paged later and never got the root.
 * - Messages without an incident (alert groups, tests) get `<opsdeck-<event>-<uuid>@<host>>`
 *   and no thread.
 * `<host>` is the host of the console link; `<uuid>` is derived from the notification's
 * idempotency key, so a retried attempt carries the same Message-ID and a receiver that saw the
 * first one can drop the copy.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { NotificationMessage } from '../../message.js';

export interface ThreadHeaders {
  messageId: string;
  inReplyTo?: string;
  references?: string;
}

/** Host for generated Message-IDs: the console's, else a name that can never collide. */
export function messageIdHost(message: NotificationMessage): string {
  return URL.canParse(message.links.view)
    ? new URL(message.links.view).hostname
    : 'opsdeck.invalid';
}

/** A UUID (version 8, RFC 9562) derived from `key`, or a random one without a key. */
export function uuidFrom(key: string | undefined): string {
  if (key === undefined) return randomUUID();
  const hex = createHash('sha256').update(key).digest('hex').slice(0, 32).split('');
  hex[12] = '8';
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** `<id>` whether or not `id` already has its angle brackets. */
function bracketed(id: string): string {
  return `<${id.replace(/^<|>$/g, '')}>`;
}

/** Whether `message` is the root of its incident's thread. */
export function isThreadRoot(message: NotificationMessage): boolean {
  const i = message.incident;
  return message.event === 'incident.triggered' && !!i && i.step === 0 && i.round === 0;
}

/** The Message-ID, In-Reply-To and References headers of `message` (see the rule above). */
export function threadHeaders(
  message: NotificationMessage,
  idempotencyKey?: string,
): ThreadHeaders {
  const host = messageIdHost(message);
  const uuid = uuidFrom(idempotencyKey);
  const incident = message.incident;
  if (!incident)
    return { messageId: `<opsdeck-${message.event.replace(/\./g, '-')}-${uuid}@${host}>` };
  const root = bracketed(incident.threadId);
  if (isThreadRoot(message)) return { messageId: root };
  return {
    messageId: `<opsdeck-incident-${incident.id}-${uuid}@${host}>`,
    inReplyTo: root,
    references: root,
  };
}
