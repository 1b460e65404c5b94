import { ProblemError } from '../../../lib/api-request.ts';

/**
 * The problem of a failed call that is not JSON in and out (a download, an upload): the same ProblemError the
 * other calls throw, so that callers (the step-up dialog, field errors) treat it alike.
 */
export async function problemOf(response: Response): Promise<ProblemError> {
  let body: unknown = {};
  try {
    body = await response.json();
  } catch {
    // A body that is no problem document still leaves the status.
  }
  const problem = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const errors = Array.isArray(problem.errors)
    ? problem.errors.flatMap((error: unknown) => {
        if (typeof error !== 'object' || error === null) return [];
        const { field, code, message } = error as Record<string, unknown>;
        return typeof field === 'string' && typeof code === 'string'
          ? [{ field, code, message: typeof message === 'string' ? message : '' }]
          : [];
      })
    : undefined;
  const retryAfter = Number(response.headers.get('retry-after'));
  return new ProblemError(
    response.status,
    {
      code: typeof problem.code === 'string' ? problem.code : undefined,
      title: typeof problem.title === 'string' ? problem.title : undefined,
      detail: typeof problem.detail === 'string' ? problem.detail : undefined,
      errors,
    },
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
  );
}
