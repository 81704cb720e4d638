/**
 * The one error type of Opsdeck. Domains throw `AppError`; the HTTP layer maps it to the
 * envelope `{error: {code, message, requestId}}` in one place and the CLI prints `message`.
 * `message` must be safe to show to a caller: never put a secret or a raw driver error in it.
 */
export type ErrorCode =
  | 'bad_request'
  | 'validation_failed'
  | 'invalid_json'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'unauthorized'
  | 'forbidden'
  | 'csrf'
  | 'rate_limited'
  | 'not_found'
  | 'conflict'
  | 'config_invalid'
  | 'storage_unavailable'
  | 'not_ready'
  | 'overloaded'
  | 'internal_error';

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  validation_failed: 400,
  invalid_json: 400,
  unsupported_media_type: 415,
  payload_too_large: 413,
  unauthorized: 401,
  forbidden: 403,
  csrf: 403,
  rate_limited: 429,
  not_found: 404,
  conflict: 409,
  config_invalid: 422,
  storage_unavailable: 503,
  not_ready: 503,
  overloaded: 503,
  internal_error: 500,
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  /** Structured, caller-safe details (e.g. the list of config errors). */
  readonly details: unknown;

  constructor(
    code: ErrorCode,
    message: string,
    options: { details?: unknown; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = STATUS[code];
    this.details = options.details;
  }

  static notFound(what: string, id: string): AppError {
    return new AppError('not_found', `${what} '${id}' not found`);
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
