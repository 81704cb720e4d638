/**
 * A TCP (or TLS) conversation under a deadline: connect, write, and read until a parser finds
 * what it waits for. Every wait ends on the deadline, a socket error or the peer closing, and
 * fails with a ProbeFailure whose message is the reason to report. Used by tcp and redis.
 */
import net from 'node:net';
import tls from 'node:tls';
import { errorReason, hostPort, ProbeFailure, timeoutReason, type Deadline } from './deadline.js';

export interface Endpoint {
  host: string;
  port: number;
  /** TLS with certificate verification against the system CAs. */
  tls: boolean;
}

/** Inspects the bytes received so far (`ended`: the peer closed); undefined means "wait". */
export type ReplyParser<T> = (received: Buffer, ended: boolean) => T | undefined;

export class Conversation {
  private received = Buffer.alloc(0);
  private ended = false;
  private error: Error | null = null;
  private connected = false;
  private wake: (() => void) | null = null;

  private constructor(
    readonly socket: net.Socket,
    private readonly deadline: Deadline,
    private readonly maxBytes: number,
  ) {
    const poke = (): void => this.wake?.();
    socket.once(socket instanceof tls.TLSSocket ? 'secureConnect' : 'connect', () => {
      this.connected = true;
      poke();
    });
    socket.on('data', (chunk: Buffer) => {
      if (this.received.length < maxBytes)
        this.received = Buffer.concat([this.received, chunk]).subarray(0, maxBytes);
      poke();
    });
    socket.on('end', () => {
      this.ended = true;
      poke();
    });
    socket.on('close', () => {
      this.ended = true;
      poke();
    });
    socket.on('error', (err) => {
      this.error ??= err;
      poke();
    });
    deadline.signal.addEventListener('abort', poke, { once: true });
  }

  /**
   * Connects, resolving once the TCP (and TLS) handshake is done; fails with the reason
   * (TLS handshake errors prefixed with `TLS: `). `maxBytes` caps what is kept of replies.
   */
  static async open(
    endpoint: Endpoint,
    deadline: Deadline,
    maxBytes: number,
  ): Promise<Conversation> {
    const { host, port } = endpoint;
    const socket = endpoint.tls
      ? tls.connect({ host, port, servername: net.isIP(host) ? undefined : host })
      : net.connect({ host, port });
    const conversation = new Conversation(socket, deadline, maxBytes);
    let tcpUp = false;
    socket.once('connect', () => (tcpUp = true));
    try {
      await conversation.wait(
        () => {
          if (conversation.connected) return true;
          if (conversation.error) {
            const reason = errorReason(conversation.error);
            throw new ProbeFailure(endpoint.tls && tcpUp ? `TLS: ${reason}` : reason);
          }
          if (conversation.ended) throw new ProbeFailure('connection closed during the handshake');
          return undefined;
        },
        `connecting to ${hostPort(host, port)}`,
      );
    } catch (err) {
      conversation.destroy();
      throw err;
    }
    return conversation;
  }

  /** Writes and waits until the data is handed to the operating system. */
  async write(data: string | Buffer, what: string): Promise<void> {
    let flushed = false;
    this.socket.write(data, () => {
      flushed = true;
      this.wake?.();
    });
    await this.wait(() => {
      if (flushed) return true;
      if (this.error) throw new ProbeFailure(errorReason(this.error));
      return undefined;
    }, `sending ${what}`);
  }

  /**
   * Waits until `parse` returns a value. A socket error, or the peer closing while `parse`
   * still waits, fails with the error or `connection closed before <what>`.
   */
  read<T>(parse: ReplyParser<T>, what: string): Promise<T> {
    return this.wait(() => {
      const value = parse(this.received, this.ended);
      if (value !== undefined) return value;
      if (this.error) throw new ProbeFailure(errorReason(this.error));
      if (this.ended) throw new ProbeFailure(`connection closed before ${what}`);
      return undefined;
    }, `waiting for ${what}`);
  }

  /** Drops the first `bytes` received bytes (a parsed reply). */
  consume(bytes: number): void {
    this.received = this.received.subarray(bytes);
  }

  /** What was received and not consumed (for excerpts after a failure). */
  get buffered(): Buffer {
    return this.received;
  }

  destroy(): void {
    this.wake = null;
    this.socket.destroy();
  }

  /** Re-evaluates `check` on every socket event until it returns a value, throws, or time is up. */
  private wait<T>(check: () => T | undefined, doing: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const attempt = (): void => {
        try {
          const value = check();
          if (value !== undefined) {
            this.wake = null;
            resolve(value);
          } else if (this.deadline.signal.aborted) {
            this.wake = null;
            reject(new ProbeFailure(`${timeoutReason(this.deadline.timeoutMs)} ${doing}`));
          }
        } catch (err) {
          this.wake = null;
          reject(err);
        }
      };
      this.wake = attempt;
      attempt();
    });
  }
}
