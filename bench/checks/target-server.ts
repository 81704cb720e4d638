/**
 * Child process: the targets the checks probe. Starts `argv[2]` (default 20) keep-alive
 * node:http servers on free loopback ports, each answering every request with 200
 * `{"status":"ok"}`, then sends `{ ports }` to the parent over IPC. Runs in its own process so
 * its CPU is not counted against Opsdeck or the floor; exits when the parent goes away.
 */
import { createServer, type Server } from 'node:http';

const COUNT = Number(process.argv[2] ?? 20);
const BODY = Buffer.from('{"status":"ok"}');
const HEADERS = { 'content-type': 'application/json', 'content-length': String(BODY.length) };

function listen(): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, HEADERS);
    res.end(BODY);
  });
  // Longer than any client's idle time, so the client decides when a connection closes.
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 125_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve({ server, port: (server.address() as { port: number }).port });
    });
  });
}

const servers = await Promise.all(Array.from({ length: COUNT }, () => listen()));
process.on('disconnect', () => process.exit(0));
process.send!({ ports: servers.map((s) => s.port) });
