/** A rendered answer held in memory: body bytes and validators computed once, at build. */
import { createHash } from 'node:crypto';
import { brotliCompress, constants, gzip } from 'node:zlib';

export interface Artifact {
  body: Buffer;
  type: string;
  etag: string;
  /** When this exact body first appeared (kept across rebuilds that produce the same bytes). */
  modifiedMs: number;
  /** HTTP date of `modifiedMs`, precomputed. */
  lastModified: string;
  /**
   * Compressed copies, made once in zlib's thread pool (not on the event loop) and served to
   * clients that accept them; identity is served until they are ready. Pages are repetitive
   * (90 bars a component), so brotli makes them about 20 times smaller.
   */
  br?: Buffer;
  gzip?: Buffer;
}

const MIN_COMPRESS_BYTES = 1_024;

function compress(a: Artifact): void {
  if (a.body.length < MIN_COMPRESS_BYTES) return;
  brotliCompress(
    a.body,
    {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 9,
        [constants.BROTLI_PARAM_SIZE_HINT]: a.body.length,
      },
    },
    (error, out) => {
      if (!error) a.br = out;
    },
  );
  gzip(a.body, { level: 9 }, (error, out) => {
    if (!error) a.gzip = out;
  });
}

/** The body and Content-Encoding to send for an Accept-Encoding header. */
export function encodingFor(
  a: Artifact,
  accept: string | undefined,
): [Buffer, 'br' | 'gzip' | undefined] {
  if (accept) {
    if (a.br && accept.includes('br')) return [a.br, 'br'];
    if (a.gzip && accept.includes('gzip')) return [a.gzip, 'gzip'];
  }
  return [a.body, undefined];
}

export function makeArtifact(
  text: string,
  type: string,
  now: number,
  previous: Artifact | undefined,
): Artifact {
  const body = Buffer.from(text);
  const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
  if (previous && previous.etag === etag) return previous;
  const modifiedMs = Math.floor(now / 1000) * 1000;
  const a: Artifact = {
    body,
    type,
    etag,
    modifiedMs,
    lastModified: new Date(modifiedMs).toUTCString(),
  };
  compress(a);
  return a;
}

/**
 * True when the client's copy is current: If-None-Match wins when present (RFC 9110 13.2.2),
 * else If-Modified-Since at one-second precision.
 */
export function notModified(
  a: Artifact,
  ifNoneMatch: string | undefined,
  ifModifiedSince: string | undefined,
): boolean {
  if (ifNoneMatch !== undefined) {
    if (ifNoneMatch.trim() === '*') return true;
    return ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === a.etag);
  }
  if (ifModifiedSince !== undefined) {
    const since = Date.parse(ifModifiedSince);
    return !Number.isNaN(since) && a.modifiedMs <= since;
  }
  return false;
}
