/* global Buffer */
// The demo's mail server on :2525 (the `ops-email` channel): accepts every message and prints
// who it is for and its subject. Plain SMTP on loopback, like a local relay.
import { SMTPServer } from 'smtp-server';

function subjectOf(raw) {
  const match = /^Subject: (.*(?:\r\n[ \t].*)*)/im.exec(raw);
  return match ? match[1].replace(/\r\n[ \t]/g, ' ') : '(no subject)';
}

export function createSmtpSink({ log }) {
  return new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    banner: 'Opsdeck demo mail sink',
    onData(stream, session, callback) {
      const chunks = [];
      stream.on('data', (c) => chunks.push(c));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((r) => r.address).join(', ');
        log(`demo mail: to ${to}: ${subjectOf(Buffer.concat(chunks).toString('utf8'))}`);
        callback();
      });
    },
  });
}
