import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { participantPageSchema, type ParticipantPage } from '../../../../participants/participant.schema.ts';
import { requestJson } from '../../../lib/api-request.ts';
import { searchQueryString, type ParticipantSearchParams } from '../participant-search.ts';
import { PARTICIPANTS_KEY, PARTICIPANTS_PATH } from './paths.ts';

export const PARTICIPANTS_PAGE_SIZE = 25;

export function listParticipants(
  search: ParticipantSearchParams,
  cursor: string | undefined,
  options: { signal?: AbortSignal } = {},
): Promise<ParticipantPage> {
  return requestJson('GET', `${PARTICIPANTS_PATH}?${searchQueryString(search, cursor, PARTICIPANTS_PAGE_SIZE)}`, {
    schema: participantPageSchema,
    signal: options.signal,
  });
}

export function participantsQueryOptions(search: ParticipantSearchParams) {
  return infiniteQueryOptions({
    queryKey: [...PARTICIPANTS_KEY, 'list', search],
    queryFn: ({ pageParam, signal }) => listParticipants(search, pageParam, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    retry: false,
    placeholderData: keepPreviousData,
  });
}

/** Pages of search results, loaded one after the other ("load more"). */
export function useParticipants(search: ParticipantSearchParams, enabled = true) {
  return useInfiniteQuery({ ...participantsQueryOptions(search), enabled });
}
