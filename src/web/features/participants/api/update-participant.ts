import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  participantSchema,
  type Participant,
  type UpdateParticipant,
} from '../../../../participants/participant.schema.ts';
import { requestJson } from '../../../lib/api-request.ts';
import { participantKey, participantPath, PARTICIPANTS_KEY } from './paths.ts';

export interface UpdateParticipantRequest {
  id: string;
  /** The version the change was made on: sent as If-Match; the server answers 412 when it is stale. */
  version: number;
  changes: UpdateParticipant;
}

export function updateParticipant({ id, version, changes }: UpdateParticipantRequest): Promise<Participant> {
  return requestJson('PATCH', participantPath(id), {
    body: changes,
    schema: participantSchema,
    headers: { 'if-match': `"${version}"` },
  });
}

/**
 * After a change of the record: the new version is cached at once; lists, eligibility, cases and the timeline
 * are fetched again in the background. Not awaited: the change is done when the server answered, and the form
 * that made it must not wait for (or be reopened after) a dozen refetches.
 */
export function useParticipantChanged() {
  const queryClient = useQueryClient();
  return (participant: Participant) => {
    queryClient.setQueryData(participantKey(participant.id), participant);
    void queryClient.invalidateQueries({
      queryKey: PARTICIPANTS_KEY,
      predicate: (query) => !(query.queryKey[1] === 'one' && query.queryKey[2] === participant.id),
    });
  };
}

export function useUpdateParticipant() {
  const changed = useParticipantChanged();
  return useMutation({ mutationFn: updateParticipant, onSuccess: changed });
}
