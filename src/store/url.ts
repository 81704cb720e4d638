import { isAbsolute, resolve } from 'node:path';
import { AppError } from '../errors.js';

/** A parsed storage URL: which dialect, how to reach it, and how to show it safely. */
export type StorageTarget =
  | {
      readonly dialect: 'sqlite';
      /** Absolute path of the database file, or `:memory:`. */
      readonly path: string;
      readonly displayUrl: string;
    }
  | {
      readonly dialect: 'postgres';
      /** Passed to `pg` as is (scheme lower-cased); holds the password, never log it. */
      readonly connectionString: string;
      readonly displayUrl: string;
    };

const ACCEPTED =
  'expected sqlite:PATH (e.g. sqlite:./data/opsdeck.db), sqlite::memory:, ' +
  'or postgres://USER:PASSWORD@HOST:PORT/DATABASE (postgresql:// also accepted)';

/**
 * Parses `sqlite:PATH`, `sqlite::memory:`, `postgres://…` and `postgresql://…`.
 * Relative SQLite paths are resolved against `cwd`.
 * @throws AppError('bad_request') naming the accepted forms; the message never echoes a password.
 */
export function parseStorageUrl(url: string, cwd: string = process.cwd()): StorageTarget {
  const raw = url.trim();
  if (raw === '') throw new AppError('bad_request', `storage URL is empty; ${ACCEPTED}`);
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(raw)?.[1]?.toLowerCase();
  if (scheme === 'sqlite') return parseSqlite(raw.slice('sqlite:'.length), raw, cwd);
  if (scheme === 'postgres' || scheme === 'postgresql') return parsePostgres(raw, scheme);
  // Only the scheme is echoed: the rest of an unknown URL may hold a password.
  const what = scheme ? `scheme '${scheme}:'` : 'URL without a scheme';
  throw new AppError('bad_request', `unsupported storage ${what}; ${ACCEPTED}`);
}

function parseSqlite(rest: string, raw: string, cwd: string): StorageTarget {
  if (rest === ':memory:') return { dialect: 'sqlite', path: ':memory:', displayUrl: raw };
  // `sqlite://x` is ambiguous (SQLAlchemy reads `sqlite:///x` as relative): refuse to guess.
  if (rest.startsWith('//')) {
    throw new AppError(
      'bad_request',
      `storage URL '${raw}' is ambiguous: write sqlite:/absolute/path or sqlite:./relative/path`,
    );
  }
  if (rest === '')
    throw new AppError('bad_request', `storage URL 'sqlite:' has no path; ${ACCEPTED}`);
  const path = isAbsolute(rest) ? rest : resolve(cwd, rest);
  return { dialect: 'sqlite', path, displayUrl: raw };
}

function parsePostgres(raw: string, scheme: string): StorageTarget {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    // The URL is not echoed: it may hold a password we cannot locate reliably.
    throw new AppError(
      'bad_request',
      `malformed ${scheme}:// storage URL (percent-encode special characters such as / # ? @ ` +
        `in the user name and password); ${ACCEPTED}`,
    );
  }
  const connectionString = scheme + raw.slice(scheme.length);
  return { dialect: 'postgres', connectionString, displayUrl: redactUrl(parsed) };
}

/**
 * The URL with its password (in the user info or a `password` query parameter) replaced by
 * `***`, e.g. `postgres://user:***@host/db`. Safe to log and to put in error messages.
 */
export function redactUrl(url: URL | string): string {
  let copy: URL;
  try {
    copy = new URL(url);
  } catch {
    return '<unparseable URL>';
  }
  if (copy.password) copy.password = '***';
  if (copy.searchParams.has('password')) copy.searchParams.set('password', '***');
  return copy.toString();
}
