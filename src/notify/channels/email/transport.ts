/**
 * One pooled SMTP transport per distinct server and login, kept across attempts so a page storm
 * reuses a few open connections instead of a handshake (and a TLS upgrade) per email. Keyed by
 * the connection settings, not the config object: a config reload that leaves a channel's
 * server alone keeps its pool.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { ChannelConfigOf } from '../channel.js';

type EmailConfig = ChannelConfigOf<'email'>;

/** Connections per pool: the email kind's default concurrency. */
export const EMAIL_CONNECTIONS = 4;

const pools = new Map<string, Transporter>();

function keyOf(c: EmailConfig): string {
  return JSON.stringify([c.host, c.port, c.security, c.tls_verify, c.username, c.password]);
}

/** The pooled transport for `config`'s server, created on first use. */
export function transportFor(config: EmailConfig): Transporter {
  const key = keyOf(config);
  let pool = pools.get(key);
  if (!pool) {
    pool = nodemailer.createTransport({
      pool: true,
      maxConnections: EMAIL_CONNECTIONS,
      host: config.host,
      port: config.port,
      // `tls`: TLS from the first byte (port 465); `starttls`: upgrade required, never plain;
      // `none`: never upgrade, even when offered (local relays).
      secure: config.security === 'tls',
      requireTLS: config.security === 'starttls',
      ignoreTLS: config.security === 'none',
      tls: { rejectUnauthorized: config.tls_verify },
      ...(config.username ? { auth: { user: config.username, pass: config.password ?? '' } } : {}),
      // Each send has its own deadline (an AbortSignal); these only bound an idle pool.
      connectionTimeout: 30_000,
      greetingTimeout: 30_000,
      socketTimeout: 60_000,
    });
    pools.set(key, pool);
  }
  return pool;
}

/** Closes every pool (connections finish the message they are sending first). */
export function closeEmailPools(): void {
  for (const pool of pools.values()) pool.close();
  pools.clear();
}
