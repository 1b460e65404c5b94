// The closed set of error codes a use case may raise, and the HTTP status of each.
export const errorStatus = {
  bad_request: 400,
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  not_acceptable: 406,
  conflict: 409,
  gone: 410,
  precondition_failed: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  precondition_required: 428,
  too_many_requests: 429,
  internal: 500,
  unavailable: 503,
  // Refused at the door because the server is at capacity (no work was started); retry after Retry-After.
  overloaded: 503,
  // Authentication steps the client must take (listed after the generic codes of the same status).
  second_factor_required: 401,
  reauthentication_required: 401,
  password_change_required: 403,
  second_factor_enrolment_required: 403,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export interface FieldError {
  /** Where the field is: body, querystring, params or headers. */
  in: 'body' | 'querystring' | 'params' | 'headers';
  /** Dotted path of the field, e.g. `address.postcode`; empty for the whole part. */
  field: string;
  code: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly fieldErrors: FieldError[];
  readonly headers: Record<string, string>;
  /** Extension members of the problem (RFC 9457 §3.2), e.g. the duplicate candidates of a refused creation. */
  readonly extensions: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    message: string,
    options: {
      fieldErrors?: FieldError[];
      headers?: Record<string, string>;
      extensions?: Record<string, unknown>;
      cause?: unknown;
    } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = errorStatus[code];
    this.fieldErrors = options.fieldErrors ?? [];
    this.headers = options.headers ?? {};
    this.extensions = options.extensions ?? {};
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
