import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { timelinePageSchema, type TimelineKind, type TimelinePage } from '../../../../cases/caseload.schema.ts';
import { requestJson } from '../../../lib/api-request.ts';
import { participantPath, PARTICIPANTS_KEY } from './paths.ts';

const TIMELINE_PAGE_SIZE = 25;

/** Everything that happened to the person, newest first; optionally only some kinds of event. */
export function listTimeline(
  participantId: string,
  kinds: readonly TimelineKind[],
  cursor: string | undefined,
  options: { signal?: AbortSignal } = {},
): Promise<TimelinePage> {
  const params = new URLSearchParams({ sort: '-at', limit: String(TIMELINE_PAGE_SIZE) });
  if (kinds.length > 0) params.set('kind', kinds.join(','));
  if (cursor) params.set('cursor', cursor);
  return requestJson('GET', `${participantPath(participantId, 'timeline')}?${params.toString()}`, {
    schema: timelinePageSchema,
    signal: options.signal,
  });
}

export function timelineQueryOptions(participantId: string, kinds: readonly TimelineKind[]) {
  return infiniteQueryOptions({
    queryKey: [...PARTICIPANTS_KEY, 'of', participantId, 'timeline', kinds],
    queryFn: ({ pageParam, signal }) => listTimeline(participantId, kinds, pageParam, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    retry: false,
    placeholderData: keepPreviousData,
  });
}

export function useTimeline(participantId: string, kinds: readonly TimelineKind[], enabled = true) {
  return useInfiniteQuery({ ...timelineQueryOptions(participantId, kinds), enabled });
}
