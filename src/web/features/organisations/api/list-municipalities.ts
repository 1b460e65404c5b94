import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Organisation } from '../../../../organisations/organisation.schema.ts';
import { listOrganisations, ORGANISATIONS_KEY } from './list-organisations.ts';

const PAGE_SIZE = 100;
// North Rhine-Westphalia has 427 municipalities and districts; the bound only stops a runaway loop.
const MAX_PAGES = 20;

/** Every municipality (all pages), for the district picker and a provider's municipalities. */
export async function listAllMunicipalities(options: { signal?: AbortSignal } = {}): Promise<Organisation[]> {
  const all: Organisation[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const result = await listOrganisations({ kind: 'municipality' }, cursor, {
      limit: PAGE_SIZE,
      signal: options.signal,
    });
    all.push(...result.items);
    if (!result.nextCursor) break;
    cursor = result.nextCursor;
  }
  return all;
}

export function municipalitiesQueryOptions() {
  return queryOptions({
    queryKey: [...ORGANISATIONS_KEY, 'municipalities'],
    queryFn: ({ signal }) => listAllMunicipalities({ signal }),
    retry: false,
    staleTime: 60_000,
  });
}

export function useMunicipalities(enabled = true) {
  return useQuery({ ...municipalitiesQueryOptions(), enabled });
}
