import type { ChannelConfig } from '../../config/index.js';
import type { AttemptResult } from '../channels/channel.js';
import type { NotificationMessage } from '../message.js';
import type { AttemptFn } from './types.js';

/** An attempt that overruns its timeout (a channel bug) is abandoned this much later. */
const GRACE_MS = 1_000;

/**
 * One attempt that always settles as an AttemptResult within `timeoutMs` plus a grace:
 * channels promise never to throw and to honour the timeout, and this holds the dispatcher to
 * its own promises when one does not (its slot would otherwise be lost for good).
 */
export async function attemptBounded(
  attempt: AttemptFn,
  message: NotificationMessage,
  config: ChannelConfig,
  options: { timeoutMs: number; idempotencyKey: string },
  onThrow: (error: unknown) => void,
): Promise<AttemptResult> {
  let timer: NodeJS.Timeout | undefined;
  const overrun = new Promise<AttemptResult>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          outcome: 'retry',
          status: null,
          detail: `no answer within ${options.timeoutMs} ms`,
        }),
      options.timeoutMs + GRACE_MS,
    );
  });
  const attempted = Promise.resolve()
    .then(() => attempt(message, config, options))
    .catch((error: unknown): AttemptResult => {
      onThrow(error);
      return { outcome: 'retry', status: null, detail: 'internal error in the channel' };
    });
  try {
    return await Promise.race([attempted, overrun]);
  } finally {
    clearTimeout(timer);
  }
}
