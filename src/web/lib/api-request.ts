// Calls that change something (POST/PUT/DELETE) and their RFC 9457 problems, for every feature.
// The browser adds Origin and Sec-Fetch-Site itself, which the server's CSRF check relies on.
import { z, type ZodType } from 'zod';
import { ApiError } from './api-client.ts';

const problemBodySchema = z.object({
  title: z.string().optional(),
  detail: z.string().optional(),
  code: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), code: z.string(), message: z.string() })).optional(),
});

export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

/** A failed call with the problem's stable code and its field errors. */
export class ProblemError extends ApiError {
  readonly code: string;
  readonly detail: string | undefined;
  readonly fieldErrors: FieldProblem[];
  /** Seconds from Retry-After (429). */
  readonly retryAfterSeconds: number | undefined;

  constructor(status: number, problem: z.infer<typeof problemBodySchema>, retryAfterSeconds: number | undefined) {
    super(status, `HTTP ${status}${problem.title ? `: ${problem.title}` : ''}`);
    this.name = 'ProblemError';
    this.code = problem.code ?? 'unknown';
    this.detail = problem.detail;
    this.fieldErrors = problem.errors ?? [];
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Field errors of one field, by code. */
  codesFor(field: string): string[] {
    return this.fieldErrors.filter((error) => error.field === field).map((error) => error.code);
  }
}

async function problemOf(response: Response): Promise<ProblemError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = {};
  }
  const parsed = problemBodySchema.safeParse(body);
  const retryAfter = Number(response.headers.get('retry-after'));
  return new ProblemError(
    response.status,
    parsed.success ? parsed.data : {},
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
  );
}

export interface RequestOptions<T> {
  body?: unknown;
  schema?: ZodType<T>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** Sends JSON to the same origin; parses the answer with the schema (if any); throws ProblemError on failure. */
export async function requestJson<T = undefined>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  options: RequestOptions<T> = {},
): Promise<T> {
  const hasBody = options.body !== undefined;
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: {
      accept: 'application/json',
      ...(hasBody ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    },
    body: hasBody ? JSON.stringify(options.body) : undefined,
    signal: options.signal,
  });
  if (!response.ok) throw await problemOf(response);
  if (!options.schema || response.status === 204) return undefined as T;
  return options.schema.parse(await response.json());
}

export function isProblem(error: unknown, code?: string): error is ProblemError {
  return error instanceof ProblemError && (code === undefined || error.code === code);
}
