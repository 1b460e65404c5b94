// Query keys and paths of case work. Everything about one case starts with caseKey(id), so that a change
// refreshes the case and its lists at once; the caseload (another view of the same cases) is refreshed too.
import type { QueryClient } from '@tanstack/react-query';

export const CASES_KEY = ['case'] as const;
/** The caseload's queries (features/caseload) start with this key. */
export const CASELOAD_KEY = ['caseload'] as const;

export function caseKey(caseId: string) {
  return [...CASES_KEY, caseId] as const;
}

export function casePath(caseId: string, ...rest: string[]): string {
  return ['/api/v1/cases', encodeURIComponent(caseId), ...rest.map(encodeURIComponent)].join('/');
}

export function ifMatch(version: number): Record<string, string> {
  return { 'if-match': `"${version}"` };
}

/** A fresh Idempotency-Key (creating POSTs may be retried safely with the same key and body). */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

/** After a change: the case (derived status, counts, warnings), its lists and the caseload are stale. */
export async function refreshCase(queryClient: QueryClient, caseId: string): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: caseKey(caseId) }),
    queryClient.invalidateQueries({ queryKey: CASELOAD_KEY }),
  ]);
}

/** A list address with limit, sort, cursor and the filters that are set. */
export function listPath(
  path: string,
  params: Record<string, string | undefined>,
  cursor: string | undefined,
  limit: number,
): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') query.set(key, value);
  if (cursor) query.set('cursor', cursor);
  query.set('limit', String(limit));
  return `${path}?${query.toString()}`;
}
