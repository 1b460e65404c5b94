import { queryOptions, useQuery } from '@tanstack/react-query';
import { caseSchema, type Case } from '../../../../cases/case.schema.ts';
import { requestJson } from '../../../lib/api-request.ts';
import { caseKey, casePath } from './case-keys.ts';

export function caseDetailKey(caseId: string) {
  return [...caseKey(caseId), 'detail'] as const;
}

/** One case with its derived status, eligibility, assignments, plan, counts and warnings; `version` is its ETag. */
export function getCase(caseId: string, options: { signal?: AbortSignal } = {}): Promise<Case> {
  return requestJson('GET', casePath(caseId), { schema: caseSchema, signal: options.signal });
}

export function caseQueryOptions(caseId: string) {
  return queryOptions({
    queryKey: caseDetailKey(caseId),
    queryFn: ({ signal }) => getCase(caseId, { signal }),
    retry: false,
    // Forms start from the loaded version: a background refetch must not replace it unnoticed.
    refetchOnWindowFocus: false,
  });
}

export function useCase(caseId: string) {
  return useQuery(caseQueryOptions(caseId));
}
