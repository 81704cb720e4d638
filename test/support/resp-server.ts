/**
 * A tiny real RESP (Redis protocol) server on 127.0.0.1 for probe tests: PING, AUTH (with a
 * password, optionally a user), SELECT and QUIT, plus misbehaving modes. Not a Redis: just
 * enough protocol to see what a client sends and to answer the way Redis does.
 */
import net from 'node:net';

export interface RespServerOptions {
  /** When set, every command but AUTH gets `-NOAUTH` until AUTH succeeds. */
  password?: string;
  /** The ACL user AUTH accepts with the password (`AUTH user password`); default `default`. */
  user?: string;
  /**
   * `normal`; `garbage` answers every command with non-RESP text; `close` closes the
   * connection when the first command arrives; `hang` reads commands and never answers.
   */
  mode?: 'normal' | 'garbage' | 'close' | 'hang';
  /** Raw reply to PING (default `+PONG\r\n`). */
  pingReply?: string;
}

export class RespServer {
  /** Every command received, as argument lists (`['AUTH', 'secret']`). */
  readonly commands: string[][] = [];
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly server: net.Server,
    readonly options: RespServerOptions,
  ) {}

  static async start(options: RespServerOptions = {}): Promise<RespServer> {
    const server = net.createServer();
    const resp = new RespServer(server, options);
    server.on('connection', (socket) => resp.accept(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return resp;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  /** `redis://[auth@]127.0.0.1:PORT[path]`, e.g. `url(':secret@')`. */
  url(auth = '', path = ''): string {
    return `redis://${auth}127.0.0.1:${this.port}${path}`;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private accept(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => {});
    let authed = this.options.password === undefined;
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (let parsed = parseCommand(buffer); parsed; parsed = parseCommand(buffer)) {
        buffer = buffer.subarray(parsed.size);
        this.commands.push(parsed.args);
        const mode = this.options.mode ?? 'normal';
        if (mode === 'close') return void socket.destroy();
        if (mode === 'hang') continue;
        if (mode === 'garbage') {
          socket.write('HTTP/1.1 400 Bad Request\r\n\r\n');
          continue;
        }
        const [name = '', ...args] = parsed.args;
        const reply = this.answer(name.toUpperCase(), args, authed);
        if (reply === '+OK\r\n' && name.toUpperCase() === 'AUTH') authed = true;
        socket.write(reply);
        if (name.toUpperCase() === 'QUIT') socket.end();
      }
    });
  }

  private answer(name: string, args: string[], authed: boolean): string {
    const { password, user = 'default' } = this.options;
    if (name === 'AUTH') {
      if (password === undefined)
        return '-ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?\r\n';
      const [givenUser, givenPassword] = args.length === 1 ? ['default', args[0]] : args;
      return givenUser === user && givenPassword === password
        ? '+OK\r\n'
        : '-WRONGPASS invalid username-password pair or user is disabled.\r\n';
    }
    if (!authed) return '-NOAUTH Authentication required.\r\n';
    if (name === 'PING') return this.options.pingReply ?? '+PONG\r\n';
    if (name === 'SELECT')
      return Number(args[0]) < 16 ? '+OK\r\n' : '-ERR DB index is out of range\r\n';
    if (name === 'QUIT') return '+OK\r\n';
    return `-ERR unknown command '${name}'\r\n`;
  }
}

/** Parses one `*N\r\n$len\r\narg\r\n…` command; undefined until it is complete. */
function parseCommand(buffer: Buffer): { args: string[]; size: number } | undefined {
  let offset = 0;
  const line = (): string | undefined => {
    const end = buffer.indexOf('\r\n', offset);
    if (end < 0) return undefined;
    const text = buffer.subarray(offset, end).toString();
    offset = end + 2;
    return text;
  };
  const header = line();
  if (header === undefined) return undefined;
  if (!header.startsWith('*')) return { args: header.split(' '), size: offset }; // inline
  const args: string[] = [];
  for (let i = 0; i < Number(header.slice(1)); i++) {
    const length = Number(line()?.slice(1));
    if (Number.isNaN(length) || buffer.length < offset + length + 2) return undefined;
    args.push(buffer.subarray(offset, offset + length).toString());
    offset += length + 2;
  }
  return { args, size: offset };
}
