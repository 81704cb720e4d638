/* global Buffer */
// The demo "Redis": just enough RESP for a health check. AUTH [user] <password>, then PING
// answers +PONG; QUIT says +OK and closes; every other command is an error. Before AUTH,
// everything but AUTH and QUIT answers -NOAUTH, as a password-protected Redis does.
import net from 'node:net';

export function createRespServer({ password }) {
  const sockets = new Set();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let authed = false;
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (buffer.length > 64 * 1024) return void socket.destroy(); // not a health check
      for (let parsed = parseCommand(buffer); parsed; parsed = parseCommand(buffer)) {
        buffer = buffer.subarray(parsed.size);
        const [name = '', ...args] = parsed.args;
        const command = name.toUpperCase();
        if (command === 'QUIT') return void socket.end('+OK\r\n');
        if (command === 'AUTH') {
          const given = args.length === 2 && args[0] === 'default' ? args[1] : args[0];
          authed = args.length >= 1 && args.length <= 2 && given === password;
          socket.write(
            authed
              ? '+OK\r\n'
              : '-WRONGPASS invalid username-password pair or user is disabled.\r\n',
          );
        } else if (!authed) socket.write('-NOAUTH Authentication required.\r\n');
        else if (command === 'PING') socket.write('+PONG\r\n');
        else
          socket.write(`-ERR unknown command '${name}' (this demo only knows AUTH and PING)\r\n`);
      }
    });
  });
  const destroyAll = () => {
    for (const socket of sockets) socket.destroy();
  };
  return { server, destroyAll };
}

/** Parses one `*N\r\n$len\r\narg\r\n…` command (or an inline one); undefined until complete. */
function parseCommand(buffer) {
  let offset = 0;
  const line = () => {
    const end = buffer.indexOf('\r\n', offset);
    if (end < 0) return undefined;
    const text = buffer.subarray(offset, end).toString();
    offset = end + 2;
    return text;
  };
  const header = line();
  if (header === undefined) return undefined;
  if (!header.startsWith('*')) return { args: header.trim().split(/\s+/), size: offset };
  const args = [];
  for (let i = 0; i < Number(header.slice(1)); i++) {
    const length = Number(line()?.slice(1));
    if (Number.isNaN(length) || buffer.length < offset + length + 2) return undefined;
    args.push(buffer.subarray(offset, offset + length).toString());
    offset += length + 2;
  }
  return { args, size: offset };
}
