// RFC 9457 problem details: the one shape of every error response, with per-field errors.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, errorStatus, type ErrorCode, type FieldError } from '../errors.ts';
import { databaseLimitOf } from '../db/limits.ts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export const fieldErrorSchema = z.object({
  in: z.enum(['body', 'querystring', 'params', 'headers']),
  field: z.string(),
  code: z.string(),
  message: z.string(),
});

export const problemSchema = z
  .object({
    type: z.string().describe('URI reference identifying the problem type'),
    title: z.string(),
    status: z.number().int().min(400).max(599),
    detail: z.string().optional(),
    instance: z.string().optional().describe('Request id, to quote when reporting the problem'),
    code: z.string().describe('Stable machine-readable error code'),
    errors: z.array(fieldErrorSchema).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

export type Problem = z.infer<typeof problemSchema>;

const titles: Record<ErrorCode, string> = {
  bad_request: 'Bad request',
  validation_failed: 'Validation failed',
  unauthenticated: 'Authentication required',
  forbidden: 'Forbidden',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  not_acceptable: 'Not acceptable',
  conflict: 'Conflict',
  gone: 'Gone',
  precondition_failed: 'Precondition failed',
  payload_too_large: 'Payload too large',
  unsupported_media_type: 'Unsupported media type',
  unprocessable: 'Unprocessable content',
  precondition_required: 'Precondition required',
  too_many_requests: 'Too many requests',
  internal: 'Internal server error',
  unavailable: 'Service unavailable',
  overloaded: 'Server overloaded',
  second_factor_required: 'Second factor required',
  reauthentication_required: 'Re-authentication required',
  password_change_required: 'Password change required',
  second_factor_enrolment_required: 'Second factor enrolment required',
};

export function problemFor(
  code: ErrorCode,
  detail: string | undefined,
  requestId: string,
  errors?: FieldError[],
  extensions: Record<string, unknown> = {},
): Problem {
  return {
    // Extension members first: they can never replace a standard member.
    ...extensions,
    type: `urn:durchstarten:problem:${code}`,
    title: titles[code],
    status: errorStatus[code],
    ...(detail ? { detail } : {}),
    instance: `urn:durchstarten:request:${requestId}`,
    code,
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}

export function sendProblem(reply: FastifyReply, problem: Problem, headers: Record<string, string> = {}): FastifyReply {
  return reply
    .code(problem.status)
    .headers(headers)
    .type(PROBLEM_CONTENT_TYPE)
    .serializer(JSON.stringify)
    .send(problem);
}

type ValidationPart = FieldError['in'];

function fieldErrorsOf(error: FastifyError): FieldError[] {
  const part: ValidationPart = error.validationContext ?? 'body';
  if (hasZodFastifySchemaValidationErrors(error)) {
    return error.validation.map((issue) => ({
      in: part,
      field: issue.instancePath.replace(/^\//, '').replaceAll('/', '.'),
      code: issue.keyword,
      message: issue.message ?? 'invalid',
    }));
  }
  return (error.validation ?? []).map((issue) => ({
    in: part,
    field: issue.instancePath.replace(/^\//, '').replaceAll('/', '.'),
    code: issue.keyword,
    message: issue.message ?? 'invalid',
  }));
}

// Fastify's own client errors, by code, mapped onto our closed set.
const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'bad_request',
  FST_ERR_CTP_INVALID_JSON_BODY: 'bad_request',
  FST_ERR_CTP_EMPTY_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_TYPE: 'unsupported_media_type',
  FST_ERR_BAD_URL: 'bad_request',
  FST_ERR_ASYNC_CONSTRAINT: 'bad_request',
};

function codeForStatus(status: number): ErrorCode {
  const match = (Object.entries(errorStatus) as [ErrorCode, number][]).find(([, s]) => s === status);
  return match ? match[0] : status >= 500 ? 'internal' : 'bad_request';
}

/**
 * The single error handler: known errors become 4xx problems; a reached limit (database timeouts, a full pool)
 * a 503 with Retry-After; anything else a 5xx without internals.
 */
export function installProblemHandlers(app: FastifyInstance, options: { retryAfterSeconds?: number } = {}): void {
  const retryAfter = String(options.retryAfterSeconds ?? 5);
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof AppError) {
      // A refused request is not a failure of this request; the overload guard logs a summary instead.
      if (error.status >= 500 && error.code !== 'overloaded') request.log.error({ err: error }, 'request failed');
      return sendProblem(
        reply,
        problemFor(error.code, error.message, request.id, error.fieldErrors, error.extensions),
        error.headers,
      );
    }
    if (error.validation) {
      const errors = fieldErrorsOf(error);
      return sendProblem(
        reply,
        problemFor(
          'validation_failed',
          `The request ${error.validationContext ?? 'body'} is invalid.`,
          request.id,
          errors,
        ),
      );
    }
    const mapped = error.code ? fastifyCodes[error.code] : undefined;
    if (mapped) {
      return sendProblem(reply, problemFor(mapped, error.message, request.id));
    }
    const limit = databaseLimitOf(error);
    if (limit) {
      request.log.warn({ err: error, limit: limit.kind }, 'database limit reached');
      const code = limit.kind === 'pool_timeout' ? 'overloaded' : 'unavailable';
      return sendProblem(reply, problemFor(code, limit.detail, request.id), { 'retry-after': retryAfter });
    }
    if (error instanceof SyntaxError) {
      return sendProblem(reply, problemFor('bad_request', 'The request body is not valid JSON.', request.id));
    }
    const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (status >= 400 && status < 500) {
      return sendProblem(reply, problemFor(codeForStatus(status), error.message, request.id));
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(
      reply,
      problemFor('internal', 'An unexpected error occurred. Quote the instance when reporting it.', request.id),
    );
  });
}

export function notFoundProblem(request: FastifyRequest): Problem {
  return problemFor('not_found', `No route ${request.method} ${request.url.split('?')[0]}.`, request.id);
}
