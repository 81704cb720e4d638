import { Option } from 'commander';
import { AppError } from '../errors.js';

/** Shared options, with the environment variables DESIGN.md promises. */
const DEFAULT_STORAGE = 'sqlite:./data/opsdeck.db';
const DEFAULT_LISTEN = '127.0.0.1:8080';
const DEFAULT_CONFIG = 'ops.yaml';

export const storageOption = () =>
  new Option('--storage <url>', 'storage URL: sqlite:PATH or postgres://…')
    .env('OPSDECK_STORAGE')
    .default(DEFAULT_STORAGE);

export const configOption = () =>
  new Option('--config <path>', 'config file or folder of YAML files')
    .env('OPSDECK_CONFIG')
    .default(DEFAULT_CONFIG);

export const listenOption = () =>
  new Option('--listen <host:port>', 'address to listen on')
    .env('OPSDECK_LISTEN')
    .default(DEFAULT_LISTEN);

/** Parses `host:port`, `[v6]:port`, `:port` (all interfaces) or `port`. */
export function parseListen(value: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]*))?:?(\d+)$/.exec(value.trim());
  const port = match ? Number(match[3]) : NaN;
  if (!match || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new AppError(
      'bad_request',
      `--listen: expected HOST:PORT (e.g. 127.0.0.1:8080), got '${value}'`,
    );
  }
  const host = match[1] ?? match[2] ?? '';
  return { host: host === '' ? (value.includes(':') ? '0.0.0.0' : '127.0.0.1') : host, port };
}

/** Checks an option's value against its allowed values; the error names the option. */
export function expectOneOf<T extends string>(
  option: string,
  value: string | undefined,
  allowed: readonly T[],
): asserts value is T | undefined {
  if (value !== undefined && !(allowed as readonly string[]).includes(value))
    throw new AppError(
      'bad_request',
      `${option}: expected one of ${allowed.join(', ')}, got '${value}'`,
    );
}

/** A time option: ISO 8601 or epoch ms, checked here so the error names the option. */
export function timeOption(text: string, option: string): string {
  const ms = /^\d{10,}$/.test(text) ? Number(text) : Date.parse(text);
  if (Number.isNaN(ms))
    throw new AppError(
      'bad_request',
      `${option}: expected an ISO 8601 time or epoch ms, got '${text}'`,
    );
  return new Date(ms).toISOString();
}
