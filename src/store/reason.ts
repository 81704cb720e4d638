/**
 * Turns driver and system errors into short human reasons such as
 * "connection refused (ECONNREFUSED)" for AppError messages. Known codes get a fixed text;
 * anything else gets the error's own message with credentials scrubbed, because a raw driver
 * message may quote a connection string.
 */
const BY_CODE: Record<string, string> = {
  // Node network and file system errors.
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the server',
  ETIMEDOUT: 'connection timed out',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'temporary failure resolving the host name',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed by the server',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a parent of the path is not a directory',
  EISDIR: 'the path is a directory',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  // better-sqlite3 (SqliteError.code).
  SQLITE_CANTOPEN: 'unable to open the database file',
  SQLITE_NOTADB: 'the file is not a SQLite database',
  SQLITE_CORRUPT: 'the database file is corrupt',
  SQLITE_READONLY: 'the database is read-only',
  SQLITE_PERM: 'permission denied',
  SQLITE_BUSY: 'the database is locked by another process',
  SQLITE_FULL: 'the disk is full',
  SQLITE_IOERR: 'disk I/O error',
  // PostgreSQL SQLSTATE codes a connection attempt commonly meets.
  '28P01': 'password authentication failed',
  '28000': 'authentication rejected (check the user name and pg_hba.conf)',
  '3D000': 'the database does not exist',
  '42501': 'insufficient privilege',
  '53300': 'too many connections',
  '57P01': 'the server is shutting down',
  '57P02': 'the server crashed',
  '57P03': 'the server is not accepting connections yet',
  '08001': 'could not establish a connection',
  '08006': 'connection failure',
};

/** Codes that mean "the database is not reachable", as opposed to "the query is wrong". */
const UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'SQLITE_BUSY',
  'SQLITE_CANTOPEN',
  'SQLITE_IOERR',
  '53300',
  '57P01',
  '57P02',
  '57P03',
  '08001',
  '08006',
]);

/** A short, secret-free, human explanation of `err`. */
export function describeError(err: unknown): string {
  const code = errorCode(err);
  if (code && code.startsWith('SQLITE_IOERR')) return `${BY_CODE.SQLITE_IOERR} (${code})`;
  if (code && BY_CODE[code]) return `${BY_CODE[code]} (${code})`;
  const message = err instanceof Error ? err.message : String(err);
  // pg reports its own connect timeout and dropped sockets without a code.
  if (/timeout expired|connection timeout/i.test(message)) return 'connection timed out';
  if (/connection terminated/i.test(message)) return 'connection closed unexpectedly';
  const scrubbed = scrub(message || (err instanceof Error ? err.name : 'unknown error'));
  return code ? `${scrubbed} (${code})` : scrubbed;
}

/** True when `err` says the database cannot be reached (rather than a bad query). */
export function isUnavailable(err: unknown): boolean {
  const code = errorCode(err);
  if (code && (UNAVAILABLE.has(code) || code.startsWith('SQLITE_IOERR'))) return true;
  const message = err instanceof Error ? err.message : '';
  return /timeout expired|connection timeout|connection terminated/i.test(message);
}

/** `code` of the error, or of the first inner error (Node reports dual-stack failures as AggregateError). */
function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && code !== '') return code;
  const inner = (err as { errors?: unknown }).errors;
  return Array.isArray(inner) ? errorCode(inner[0]) : undefined;
}

function scrub(message: string): string {
  return message
    .replace(/(\/\/[^/\s:@]*):[^\s@]*@/g, '$1:***@')
    .replace(/(password\s*[=:]\s*)\S+/gi, '$1***')
    .slice(0, 300);
}
