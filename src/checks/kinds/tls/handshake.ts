/**
 * One TLS handshake that never rejects for the peer's sake: chain and name are not enforced
 * here (rejectUnauthorized off, name check off) so that the certificate can always be read
 * and judged; what went wrong is reported instead. The socket is destroyed in every case.
 */
import { connect, type ConnectionOptions, type PeerCertificate } from 'node:tls';
import type { ProbeContext } from '../../probe.js';
import { describeNetError, formatMs } from '../http/errors.js';

export interface Handshake {
  cert: PeerCertificate;
  /** Whether the chain verified against the trusted CAs (name not included). */
  authorized: boolean;
  /** OpenSSL's code when it did not (`SELF_SIGNED_CERT_IN_CHAIN`). */
  authorizationError: string | null;
}

export function handshake(
  options: ConnectionOptions,
  target: string,
  ctx: ProbeContext,
): Promise<Handshake | { error: string }> {
  const timeout = `timeout after ${formatMs(ctx.timeoutMs)}`;
  if (ctx.signal.aborted) return Promise.resolve({ error: timeout });
  return new Promise((resolve) => {
    let settled = false;
    const socket = connect(options);
    const settle = (outcome: Handshake | { error: string }) => {
      if (settled) return;
      settled = true;
      clearTimeout(backstop);
      ctx.signal.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(outcome);
    };
    const onAbort = () => settle({ error: timeout });
    // The runner aborts at the timeout; this only guards against a signal that never fires.
    const backstop = setTimeout(onAbort, ctx.timeoutMs + 1000);
    ctx.signal.addEventListener('abort', onAbort);
    socket.once('secureConnect', () => {
      const error = socket.authorizationError as unknown as Error | string | null | undefined;
      settle({
        cert: socket.getPeerCertificate(),
        authorized: socket.authorized,
        authorizationError:
          error === null || error === undefined
            ? null
            : typeof error === 'string'
              ? error
              : String((error as { code?: unknown }).code ?? error.message),
      });
    });
    socket.on('error', (error) => settle({ error: describeNetError(error, target) }));
    socket.once('close', () => settle({ error: 'connection closed during TLS handshake' }));
  });
}
