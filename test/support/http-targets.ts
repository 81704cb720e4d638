/**
 * Real local targets for probe tests, all on 127.0.0.1 and a free port: node:http and
 * node:https servers, raw node:net and node:tls servers (garbage, early close, hang). Each
 * counts the connections it accepted and destroys them on close. `runProbe` runs a probe the
 * way the check runner does: an AbortController aborted at the timeout.
 */
import { createServer as createHttpServer, type RequestListener } from 'node:http';
import { createServer as createHttpsServer, type ServerOptions } from 'node:https';
import {
  createServer as createNetServer,
  type AddressInfo,
  type Server,
  type Socket,
} from 'node:net';
import { createServer as createTlsServer, type TlsOptions, type TLSSocket } from 'node:tls';
import type { Probe, ProbeResult } from '../../src/checks/probe.js';

export interface Target {
  port: number;
  /** `http://127.0.0.1:PORT` or `https://…` (no trailing slash). */
  url: string;
  /** Connections accepted so far. */
  connections: number;
  close(): Promise<void>;
}

async function listen(server: Server, scheme: string, secureEvent = false): Promise<Target> {
  const sockets = new Set<Socket>();
  const target: Target = {
    port: 0,
    url: '',
    connections: 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  server.on(secureEvent ? 'secureConnection' : 'connection', () => target.connections++);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  target.port = (server.address() as AddressInfo).port;
  target.url = `${scheme}://127.0.0.1:${target.port}`;
  return target;
}

export function startHttp(handler: RequestListener): Promise<Target> {
  return listen(createHttpServer(handler), 'http');
}

export function startHttps(options: ServerOptions, handler: RequestListener): Promise<Target> {
  return listen(createHttpsServer(options, handler), 'https', true);
}

/** A raw TCP server: `onSocket` decides what the peer sees (garbage, an early close, nothing). */
export function startRaw(onSocket: (socket: Socket) => void): Promise<Target> {
  return listen(createNetServer(onSocket), 'http');
}

/** A raw TLS server that keeps the connection open after the handshake. */
export function startTls(
  options: TlsOptions,
  onSocket: (socket: TLSSocket) => void = () => {},
): Promise<Target> {
  const server = createTlsServer(options, onSocket);
  server.on('tlsClientError', () => {});
  return listen(server, 'tls', true);
}

/** Runs a probe as the runner does: aborted after `timeoutMs`. */
export async function runProbe(probe: Probe, timeoutMs = 5000): Promise<ProbeResult> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    return await probe.run({ signal: controller.signal, timeoutMs });
  } finally {
    clearTimeout(timer);
  }
}
