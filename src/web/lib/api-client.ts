import type { ZodType } from 'zod';

/** A failed API call: the HTTP status and the problem title (RFC 9457) when the server sent one. */
export class ApiError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

async function problemTitle(response: Response): Promise<string> {
  const fallback = `HTTP ${response.status}`;
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) return fallback;
  try {
    const body: unknown = await response.json();
    if (typeof body === 'object' && body !== null && 'title' in body && typeof body.title === 'string') {
      return `${fallback}: ${body.title}`;
    }
  } catch {
    // A broken error body must not hide the status.
  }
  return fallback;
}

/** GETs JSON from the same origin and validates it against the shared schema. */
export async function getJson<T>(path: string, schema: ZodType<T>, options: { signal?: AbortSignal } = {}): Promise<T> {
  const response = await fetch(path, {
    headers: { accept: 'application/json' },
    credentials: 'same-origin',
    signal: options.signal,
  });
  if (!response.ok) throw new ApiError(response.status, await problemTitle(response));
  return schema.parse(await response.json());
}
