/**
 * Connection facts per socket: phase timings, whether a request already used it (keep-alive
 * reuse), and the peer certificate's expiry. Kept on the socket itself, so a reused connection
 * costs one property read.
 *
 * How timings are measured: `timedConnector` wraps undici's `buildConnector`. It notes the
 * time it is asked for a socket, the socket's `lookup` event (DNS done; not emitted for IP
 * literals, so DNS is 0 there), its `connect` event (TCP done) and the connector callback
 * (`secureConnect` for https, `connect` for http). A request learns which socket carries it
 * through undici's `undici:client:sendHeaders` diagnostics channel, published synchronously
 * right after the handler's `onRequestStart`: the handler registers itself as the one waiting
 * (`awaitSocket`), the channel hands it the socket. The first request on a socket reports the
 * socket's timings; later ones report 0 (reused). Sockets made by a connector that is not ours
 * (a plain shared Agent) get null for the phases they could not time.
 */
import { subscribe } from 'node:diagnostics_channel';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { Agent, buildConnector } from 'undici';

export interface SocketInfo {
  dns: number | null;
  connect: number | null;
  tls: number | null;
  /** Requests sent on this socket so far. */
  uses: number;
  /** Peer certificate expiry (epoch ms); undefined until looked up, null when not TLS. */
  certExpiresAt: number | null | undefined;
}

const kInfo = Symbol('opsdeck.socketInfo');
type InfoSocket = Socket & { [kInfo]?: SocketInfo };

/** The socket's facts, made empty (untimed) for sockets our connector did not make. */
export function socketInfo(socket: Socket): SocketInfo {
  const s = socket as InfoSocket;
  let info = s[kInfo];
  if (info === undefined) {
    info = { dns: null, connect: null, tls: null, uses: 0, certExpiresAt: undefined };
    s[kInfo] = info;
  }
  return info;
}

/**
 * Expiry of the peer certificate of a TLS socket, read once per socket while it is open (the
 * first request on it); null for plain sockets.
 */
export function noteCertExpiry(socket: Socket, info: SocketInfo): void {
  if (info.certExpiresAt !== undefined) return;
  let expires: number | null = null;
  const tlsSocket = socket as Partial<TLSSocket>;
  if (typeof tlsSocket.getPeerCertificate === 'function') {
    // Null once the socket is closed; an empty object when the peer sent no certificate.
    const validTo = tlsSocket.getPeerCertificate()?.valid_to;
    const ms = validTo ? Date.parse(validTo) : NaN;
    expires = Number.isNaN(ms) ? null : ms;
  }
  info.certExpiresAt = expires;
}

export interface SocketWaiter {
  /** Origin of the request being sent (`https://host:port`), to check the pairing. */
  readonly origin: string;
  onSocket(socket: Socket): void;
}

let waiting: SocketWaiter | null = null;
let subscribed = false;

function onSendHeaders(message: unknown): void {
  const waiter = waiting;
  if (waiter === null) return;
  waiting = null;
  const { request, socket } = message as { request: { origin?: unknown }; socket: Socket };
  if (String(request.origin) === waiter.origin) waiter.onSocket(socket);
}

/** Called from `onRequestStart`: the next `sendHeaders` (same tick) belongs to `waiter`. */
export function awaitSocket(waiter: SocketWaiter): void {
  if (!subscribed) {
    subscribe('undici:client:sendHeaders', onSendHeaders);
    subscribed = true;
  }
  waiting = waiter;
}

type RawConnect = (
  options: buildConnector.Options,
  callback: buildConnector.Callback,
) => Socket | undefined;

/** undici's connector, plus per-socket phase timings (see the file comment). */
export function timedConnector(
  options: buildConnector.BuildOptions = {},
): buildConnector.connector {
  const connect = buildConnector(options) as unknown as RawConnect;
  return (opts, callback) => {
    const start = performance.now();
    let lookupAt = 0;
    let tcpAt = 0;
    const secure = opts.protocol === 'https:';
    const socket = connect(opts, (error, sock) => {
      if (sock) {
        const now = performance.now();
        const tcp = tcpAt || now;
        const dnsEnd = lookupAt || start;
        const info = socketInfo(sock);
        info.dns = dnsEnd - start;
        info.connect = tcp - dnsEnd;
        info.tls = secure ? now - tcp : 0;
        callback(null, sock);
      } else {
        callback(error ?? new Error('connect failed'), null);
      }
    });
    // undici's connector returns the socket it made; without it only the total is known.
    if (socket && typeof socket.once === 'function') {
      socket.once('lookup', () => (lookupAt = performance.now()));
      if (secure) socket.once('connect', () => (tcpAt = performance.now()));
    }
  };
}

/**
 * A keep-alive Agent whose connections are timed. The check engine should build the shared
 * `ProbeEnv.dispatcher` with this (or any Agent: untimed sockets report null phases).
 */
export function createHttpDispatcher(
  connect: buildConnector.BuildOptions = {},
  options: Omit<Agent.Options, 'connect'> = {},
): Agent {
  return new Agent({ ...options, connect: timedConnector(connect) });
}
