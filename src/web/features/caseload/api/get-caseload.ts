import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { caseloadPageSchema } from '../../../../cases/caseload.schema.ts';
import { requestJson } from '../../../lib/api-request.ts';
import { CASELOAD_KEY } from '../../cases/api/case-keys.ts';
import { caseloadPath, type CaseloadSearch } from '../caseload-search.ts';

export const CASELOAD_PAGE_SIZE = 25;

export function getCaseload(
  search: CaseloadSearch,
  cursor: string | undefined,
  options: { limit?: number; signal?: AbortSignal } = {},
) {
  return requestJson('GET', caseloadPath(search, cursor, options.limit ?? CASELOAD_PAGE_SIZE), {
    schema: caseloadPageSchema,
    signal: options.signal,
  });
}

export function caseloadQueryOptions(search: CaseloadSearch, limit = CASELOAD_PAGE_SIZE) {
  return infiniteQueryOptions({
    queryKey: [...CASELOAD_KEY, search, limit],
    queryFn: ({ pageParam, signal }) => getCaseload(search, pageParam, { limit, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    retry: false,
    placeholderData: keepPreviousData,
  });
}

/** Pages of the caseload, loaded one after the other ("load more"). */
export function useCaseload(search: CaseloadSearch, options: { limit?: number; enabled?: boolean } = {}) {
  return useInfiniteQuery({ ...caseloadQueryOptions(search, options.limit), enabled: options.enabled ?? true });
}
