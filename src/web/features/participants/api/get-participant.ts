import { queryOptions, useQuery } from '@tanstack/react-query';
import { participantSchema, type Participant } from '../../../../participants/participant.schema.ts';
import { requestJson } from '../../../lib/api-request.ts';
import { participantKey, participantPath } from './paths.ts';

/** The whole record with its sub-records; its `version` is the ETag a change must name in If-Match. */
export function getParticipant(id: string, options: { signal?: AbortSignal } = {}): Promise<Participant> {
  return requestJson('GET', participantPath(id), { schema: participantSchema, signal: options.signal });
}

export function participantQueryOptions(id: string) {
  return queryOptions({
    queryKey: participantKey(id),
    queryFn: ({ signal }) => getParticipant(id, { signal }),
    retry: false,
    // The edit forms start from the loaded version: a background refetch must not replace it unnoticed.
    refetchOnWindowFocus: false,
  });
}

export function useParticipant(id: string) {
  return useQuery(participantQueryOptions(id));
}
