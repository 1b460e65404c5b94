import { queryOptions, useQuery } from '@tanstack/react-query';
import { organisationSchema, type Organisation } from '../../../../organisations/organisation.schema.ts';
import { requestJson } from '../../../lib/api-request.ts';
import { ORGANISATIONS_KEY, ORGANISATIONS_PATH } from './list-organisations.ts';

export function organisationKey(id: string) {
  return [...ORGANISATIONS_KEY, 'one', id] as const;
}

/** One organisation; its `version` is the ETag a change must name in If-Match. */
export function getOrganisation(id: string, options: { signal?: AbortSignal } = {}): Promise<Organisation> {
  return requestJson('GET', `${ORGANISATIONS_PATH}/${encodeURIComponent(id)}`, {
    schema: organisationSchema,
    signal: options.signal,
  });
}

export function organisationQueryOptions(id: string) {
  return queryOptions({
    queryKey: organisationKey(id),
    queryFn: ({ signal }) => getOrganisation(id, { signal }),
    retry: false,
    // The edit form starts from the loaded version: a background refetch must not replace it unnoticed.
    refetchOnWindowFocus: false,
  });
}

export function useOrganisation(id: string) {
  return useQuery(organisationQueryOptions(id));
}
