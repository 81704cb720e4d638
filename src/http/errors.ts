import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
} from 'fastify-type-provider-zod';
import { AppError, isAppError, type ErrorCode } from '../errors.js';
import { describeStorageError, isStorageUnavailable } from '../store/index.js';

/** Fastify's own 4xx errors, mapped to our codes with messages written for the caller. */
const FASTIFY_ERRORS: Record<
  string,
  { code: ErrorCode; message: (e: FastifyError, r: FastifyRequest) => string }
> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    code: 'payload_too_large',
    message: (_e, r) => `request body exceeds the limit of ${r.routeOptions.bodyLimit ?? 0} bytes`,
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'unsupported_media_type',
    message: (_e, r) =>
      `unsupported Content-Type '${r.headers['content-type'] ?? ''}'; send application/json`,
  },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    code: 'invalid_json',
    message: () => 'request body is not valid JSON',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: 'invalid_json',
    message: () => 'request body is empty but Content-Type is application/json',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'bad_request',
    message: () => 'Content-Length does not match the body',
  },
};

/** Turns zod validation issues into one line naming each field, e.g. `body.role: Invalid option…`. */
function validationMessage(error: FastifyError): string {
  const where = error.validationContext ?? 'request';
  const parts = (error.validation ?? []).map((issue) => {
    const path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
    return `${where}${path ? '.' + path : ''}: ${issue.message ?? 'invalid'}`;
  });
  return parts.length > 0 ? parts.join('; ') : `invalid ${where}`;
}

/** Maps anything thrown in a request to an AppError; unknown errors become a generic 500. */
function toAppError(error: unknown, request: FastifyRequest): AppError {
  if (isAppError(error)) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    return new AppError('validation_failed', validationMessage(error as FastifyError));
  }
  const fe = error as FastifyError;
  const known = fe.code ? FASTIFY_ERRORS[fe.code] : undefined;
  if (known) return new AppError(known.code, known.message(fe, request));
  if (isStorageUnavailable(error)) {
    // The database went away mid-request: a retryable 503, as /readyz also reports.
    return new AppError(
      'storage_unavailable',
      `storage is unavailable: ${describeStorageError(error)}`,
      { cause: error },
    );
  }
  if (
    !isResponseSerializationError(error) &&
    fe.statusCode &&
    fe.statusCode >= 400 &&
    fe.statusCode < 500
  ) {
    return new AppError(fe.statusCode === 404 ? 'not_found' : 'bad_request', fe.message);
  }
  return new AppError('internal_error', 'internal error; the request id is in the server log', {
    cause: error,
  });
}

function sendError(reply: FastifyReply, request: FastifyRequest, error: AppError): FastifyReply {
  const body: { code: string; message: string; requestId: string; details?: unknown } = {
    code: error.code,
    message: error.message,
    requestId: request.id,
  };
  if (error.details !== undefined) body.details = error.details;
  const retryAfter = (error.details as { retry_after_s?: unknown } | undefined)?.retry_after_s;
  if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
  return reply.code(error.status).type('application/json').send({ error: body });
}

/** The one place errors become HTTP responses. */
export function errorHandler(
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const appError = toAppError(error, request);
  if (appError.status >= 500) request.log.error({ err: appError.cause ?? error }, appError.message);
  else request.log.debug({ code: appError.code }, appError.message);
  return sendError(reply, request, appError);
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendError(
    reply,
    request,
    new AppError('not_found', `no route for ${request.method} ${request.url.split('?')[0]}`),
  );
}
