/**
 * Opsdeck's URL as seen from this machine: OPSDECK_PUBLIC_URL, else http://<OPSDECK_LISTEN>
 * (default 127.0.0.1:8080, as `opsdeck up`; a wildcard listen address becomes loopback).
 */
export function opsdeckUrlFromEnv(env) {
  if (env.OPSDECK_PUBLIC_URL) return env.OPSDECK_PUBLIC_URL.replace(/\/$/, '');
  const listen = (env.OPSDECK_LISTEN || '127.0.0.1:8080').trim();
  const m = /^(?:\[([^\]]+)\]|([^:[\]]*))?:?(\d+)$/.exec(listen);
  if (!m) return 'http://127.0.0.1:8080';
  let host = m[1] ?? m[2] ?? '';
  if (host === '' || host === '0.0.0.0') host = '127.0.0.1';
  else if (host === '::') host = '[::1]';
  else if (m[1] !== undefined) host = `[${host}]`;
  return `http://${host}:${m[3]}`;
}
