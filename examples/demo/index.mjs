/* global console, process */
// The demo that `npm start` runs next to Opsdeck: it plays the infrastructure described in
// examples/ops.yaml, on 127.0.0.1 only, so every check there has something real to probe.
//
//   127.0.0.1:8181  HTTP  "Public API": GET /health, with an outage every few minutes (api.mjs)
//   127.0.0.1:8443  HTTPS the same /health, steady, with a self-signed certificate (api.mjs)
//   127.0.0.1:6390  TCP   a Redis-speaking server that wants REDIS_PASSWORD (redis.mjs)
//   127.0.0.1:5354  UDP   DNS for api.demo.internal and db.demo.internal (dns.mjs)
//   a "nightly backup" job that pings its heartbeat on Opsdeck every minute (backup.mjs)
//   127.0.0.1:8182  HTTP  every HTTP channel (webhook, Slack, PagerDuty): prints each request (receiver.mjs)
//   127.0.0.1:2525  SMTP  the `ops-email` channel: prints each mail's recipients and subject (smtp.mjs)
//
// PostgreSQL is not played: postgres/connect stays down unless you run one, which shows what
// a down check looks like. Use it on its own: `node examples/demo/index.mjs`.
import { fileURLToPath } from 'node:url';
import { createApiServer, createHttpsServer, watchOutages } from './api.mjs';
import { startBackupJob } from './backup.mjs';
import { createDnsServer } from './dns.mjs';
import { opsdeckUrlFromEnv } from './opsdeck-url.mjs';
import { createRespServer } from './redis.mjs';
import { createReceiver } from './receiver.mjs';
import { createSmtpSink } from './smtp.mjs';

export const HOST = '127.0.0.1';
export const PORTS = { api: 8181, https: 8443, redis: 6390, dns: 5354, receiver: 8182, smtp: 2525 };

/** One line naming what the demo serves, for the start banner. */
export function describeDemo(opsdeckUrl) {
  return (
    `demo: api http://${HOST}:${PORTS.api}/health · https://${HOST}:${PORTS.https}/health · ` +
    `redis ${HOST}:${PORTS.redis} · dns ${HOST}:${PORTS.dns} (udp) · ` +
    `alert receiver http://${HOST}:${PORTS.receiver}/hook · ` +
    `backup job → ${opsdeckUrl.replace(/\/$/, '')}/ping/… (--no-demo to skip)`
  );
}

/** Listens on HOST:port; on failure logs one line and resolves false instead of throwing. */
function listen(server, port, what, log) {
  return new Promise((resolve) => {
    const onError = (error) => {
      log(
        `demo: cannot listen on ${HOST}:${port} for the ${what} (${error.code ?? error.message}); ` +
          'continuing without it, so its checks will show what is wrong',
      );
      resolve(false);
    };
    server.once('error', onError);
    const done = () => {
      server.off('error', onError);
      server.on('error', (error) => log(`demo: ${what}: ${error.message}`));
      resolve(true);
    };
    if (typeof server.bind === 'function') server.bind(port, HOST, done);
    else server.listen(port, HOST, done);
  });
}

/**
 * Starts every demo server and the backup job. `opsdeckUrl` is where the job sends its
 * pings; `log` gets one-line messages. Resolves with `{ close() }` once all are listening
 * (or have reported why not).
 */
export async function startDemo({ opsdeckUrl, log = (line) => console.error(line) }) {
  const startedAt = Date.now();
  const password = process.env.REDIS_PASSWORD || 'demo-password';

  const api = createApiServer({ startedAt });
  const resp = createRespServer({ password });
  const dns = createDnsServer();
  const receiver = createReceiver({ log });
  const smtp = createSmtpSink({ log });
  let tlsServer;
  try {
    tlsServer = await createHttpsServer();
  } catch (error) {
    log(`demo: cannot make the self-signed certificate (${error.message}); no HTTPS endpoint`);
  }

  const [apiUp, tlsUp, respUp, dnsUp, receiverUp, smtpUp] = await Promise.all([
    listen(api, PORTS.api, 'demo API', log),
    tlsServer ? listen(tlsServer, PORTS.https, 'demo HTTPS endpoint', log) : false,
    listen(resp.server, PORTS.redis, 'demo Redis', log),
    listen(dns, PORTS.dns, 'demo DNS server', log),
    listen(receiver, PORTS.receiver, 'demo alert receiver', log),
    listen(smtp.server, PORTS.smtp, 'demo mail sink', log),
  ]);
  const stopOutageLog = apiUp ? watchOutages({ startedAt, log }) : () => {};
  const stopBackup = startBackupJob({ opsdeckUrl, log });

  const closeHttp = (server) =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  let closing;
  return {
    close() {
      closing ??= Promise.all([
        stopBackup(),
        apiUp ? closeHttp(api) : undefined,
        tlsUp ? closeHttp(tlsServer) : undefined,
        receiverUp ? closeHttp(receiver) : undefined,
        smtpUp ? new Promise((resolve) => smtp.close(() => resolve())) : undefined,
        respUp
          ? new Promise((resolve) => {
              resp.server.close(() => resolve());
              resp.destroyAll();
            })
          : undefined,
        dnsUp ? new Promise((resolve) => dns.close(() => resolve())) : undefined,
      ]).then(() => stopOutageLog());
      return closing;
    },
  };
}

// `node examples/demo/index.mjs`: the demo alone, e.g. next to `npm run dev`.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const opsdeckUrl = opsdeckUrlFromEnv(process.env);
  const demo = await startDemo({ opsdeckUrl });
  console.error(describeDemo(opsdeckUrl));
  for (const signal of ['SIGINT', 'SIGTERM'])
    process.once(signal, () => void demo.close().then(() => process.exit(0)));
}
