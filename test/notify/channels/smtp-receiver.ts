/**
 * A real SMTP server on 127.0.0.1 (the `smtp-server` package) that parses every message it
 * accepts with `mailparser`. Plain, or with STARTTLS on a given certificate; a test can make
 * it refuse recipients with any SMTP reply code.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SmtpReceiver {
  port: number;
  /** Parsed messages in arrival order, with the envelope recipients. */
  messages: (ParsedMail & { envelopeTo: string[] })[];
  /** Whether each accepted session had upgraded to TLS, in arrival order. */
  secured: boolean[];
  /** Reply to RCPT TO with this code (and a message) instead of accepting. */
  refuse: { code: number; message: string } | undefined;
  close(): Promise<void>;
}

/** Starts a receiver; with `tls`, it offers STARTTLS with that key and certificate. */
export async function startSmtpReceiver(tls?: {
  key: string;
  cert: string;
}): Promise<SmtpReceiver> {
  const receiver: SmtpReceiver = {
    port: 0,
    messages: [],
    secured: [],
    refuse: undefined,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    authOptional: true,
    disableReverseLookup: true,
    logger: false,
    ...(tls ? { key: tls.key, cert: tls.cert } : { disabledCommands: ['STARTTLS'] }),
    onRcptTo(_address, _session, callback) {
      if (!receiver.refuse) return callback();
      const error = Object.assign(new Error(receiver.refuse.message), {
        responseCode: receiver.refuse.code,
      });
      callback(error);
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          const envelopeTo = session.envelope.rcptTo.map((r) => r.address);
          receiver.messages.push(Object.assign(mail, { envelopeTo }));
          receiver.secured.push(session.secure);
          callback();
        })
        .catch(callback);
    },
  });
  server.on('error', () => {}); // client resets in the refusal tests are expected
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.port = (server.server.address() as AddressInfo).port;
  return receiver;
}
