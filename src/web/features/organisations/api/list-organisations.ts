import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { organisationPageSchema, type ListOrganisationsQuery } from '../../../../organisations/organisation.schema.ts';
import { requestJson } from '../../../lib/api-request.ts';

export const ORGANISATIONS_PATH = '/api/v1/organisations';
/** Every query of this feature starts with this key, so that a change refreshes them all. */
export const ORGANISATIONS_KEY = ['organisations'] as const;
export const ORGANISATIONS_PAGE_SIZE = 25;

export type OrganisationSearch = Pick<ListOrganisationsQuery, 'q' | 'kind'>;

/** The list address with only the filters that are set, e.g. `/api/v1/organisations?kind=municipality&limit=25`. */
export function organisationsPath(search: OrganisationSearch, cursor: string | undefined, limit: number): string {
  const params = new URLSearchParams();
  if (search.kind) params.set('kind', search.kind);
  if (search.q) params.set('q', search.q);
  if (cursor) params.set('cursor', cursor);
  params.set('limit', String(limit));
  return `${ORGANISATIONS_PATH}?${params.toString()}`;
}

export function listOrganisations(
  search: OrganisationSearch,
  cursor: string | undefined,
  options: { limit?: number; signal?: AbortSignal } = {},
) {
  return requestJson('GET', organisationsPath(search, cursor, options.limit ?? ORGANISATIONS_PAGE_SIZE), {
    schema: organisationPageSchema,
    signal: options.signal,
  });
}

export function organisationsQueryOptions(search: OrganisationSearch) {
  return infiniteQueryOptions({
    queryKey: [...ORGANISATIONS_KEY, 'list', search],
    queryFn: ({ pageParam, signal }) => listOrganisations(search, pageParam, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    retry: false,
    placeholderData: keepPreviousData,
  });
}

/** Pages of organisations, loaded one after the other ("load more"). */
export function useOrganisations(search: OrganisationSearch) {
  return useInfiniteQuery(organisationsQueryOptions(search));
}
