/** Parses `redis://[user:password@]host[:port][/db]` and `rediss://` (TLS) check URLs. */
import { AppError } from '../../../errors.js';

export interface RedisTarget {
  host: string;
  port: number;
  tls: boolean;
  /** AUTH username (Redis 6 ACL); only sent together with a password. */
  username: string | undefined;
  password: string | undefined;
  db: number;
}

/** Throws AppError('bad_request') with messages that never repeat the URL (it holds secrets). */
export function parseRedisUrl(raw: string): RedisTarget {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError('bad_request', 'redis check: url is not a valid URL');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:')
    throw new AppError('bad_request', 'redis check: url must start with redis:// or rediss://');
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) throw new AppError('bad_request', 'redis check: url has no host');
  const dbText = url.pathname.replace(/^\//, '');
  const db = dbText === '' ? 0 : Number(dbText);
  if (!/^[0-9]*$/.test(dbText) || !Number.isSafeInteger(db))
    throw new AppError('bad_request', 'redis check: the url path must be a database number (/0)');
  const decode = (text: string): string | undefined => {
    if (!text) return undefined;
    try {
      return decodeURIComponent(text);
    } catch {
      throw new AppError('bad_request', 'redis check: bad %-escape in the url credentials');
    }
  };
  return {
    host,
    port: url.port ? Number(url.port) : 6379,
    tls: url.protocol === 'rediss:',
    username: decode(url.username),
    password: decode(url.password),
    db,
  };
}
