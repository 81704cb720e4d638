/**
 * Short, actionable reasons for network, TLS and HTTP protocol failures, shared by the `http`
 * and `tls` kinds. Node's own messages are kept where they are already short
 * (`connect ECONNREFUSED 127.0.0.1:8000`, `certificate has expired`); undici's and OpenSSL's
 * internal ones are rewritten.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppError } from '../../../errors.js';

const MAX_REASON = 200;

/** `850ms`, `2s`, `2.3s`: how reasons show durations. */
export function formatMs(ms: number): string {
  if (ms < 999.5) return `${Math.round(ms)}ms`;
  return `${Math.round(ms / 100) / 10}s`;
}

/** Rounds a timing for `details` (0.1 ms is plenty). */
export function roundMs(ms: number): number {
  return Math.round(ms * 10) / 10;
}

export function clip(text: string, max = MAX_REASON): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

interface NodeLikeError {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  syscall?: unknown;
  host?: unknown;
}

/** `ERR_SSL_WRONG_VERSION_NUMBER` → `wrong version number`. */
function sslWords(code: string): string {
  return code.slice('ERR_SSL_'.length).toLowerCase().replaceAll('_', ' ');
}

/**
 * Why a connection or exchange failed, in a few words. `host` names the target for errors that
 * do not carry it (certificate name mismatch).
 */
export function describeNetError(error: unknown, host: string): string {
  const e = (typeof error === 'object' && error !== null ? error : {}) as NodeLikeError;
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : String(error);
  switch (code) {
    case 'UND_ERR_SOCKET':
      return 'connection closed before response';
    case 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH':
      return 'connection closed before end of body';
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `connect timeout (${host})`;
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `certificate does not match host ${typeof e.host === 'string' ? e.host : host}`;
    case 'ECONNRESET':
      if (message.includes('before secure TLS connection'))
        return 'connection closed during TLS handshake';
      break;
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
      return 'TLS handshake failed: wrong version number (not a TLS server?)';
  }
  if (code.startsWith('HPE_') || e.name === 'HTTPParserError') {
    // Show what the server sent instead: `SSH-2.0-OpenSSH_9.6` says more than llhttp's words.
    const data = (error as { data?: unknown }).data;
    const sample = data === undefined || data === null ? '' : String(data).trim().slice(0, 40);
    return sample === ''
      ? 'invalid HTTP response'
      : `invalid HTTP response: ${JSON.stringify(sample)}`;
  }
  if (code.startsWith('ERR_SSL_')) return clip(`TLS handshake failed: ${sslWords(code)}`);
  // System errors (`connect ECONNREFUSED 127.0.0.1:8000`, `getaddrinfo ENOTFOUND x`) and
  // certificate verification errors (`certificate has expired`) read well as they are.
  return clip(message.split('\n')[0] ?? message);
}

const FILE_ERRORS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
};

/**
 * Reads a PEM file named in a check, relative to the YAML file's folder.
 * @throws AppError `bad_request` naming the setting, the file and why.
 */
export function readPemFile(baseDir: string, file: string, field: string, what: string): string {
  let text: string;
  try {
    text = readFileSync(resolve(baseDir, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const why = FILE_ERRORS[code] ?? (error as Error).message;
    throw new AppError('bad_request', `${field}: cannot read ${what} file ${file}: ${why}`);
  }
  if (!text.includes('-----BEGIN ')) {
    throw new AppError('bad_request', `${field}: ${what} file ${file} is not PEM`);
  }
  return text;
}
