import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  participantSchema,
  type CreateParticipant,
  type Participant,
} from '../../../../participants/participant.schema.ts';
import { requestJson } from '../../../lib/api-request.ts';
import { participantKey, PARTICIPANTS_KEY, PARTICIPANTS_PATH } from './paths.ts';

export interface CreateParticipantRequest {
  body: CreateParticipant;
  /** The same key for retries of the same intake, so that a lost answer never creates the person twice. */
  idempotencyKey: string;
}

/** Creates; answered with 409 `conflict` while similar records exist that are not in reviewedCandidateIds. */
export function createParticipant({ body, idempotencyKey }: CreateParticipantRequest): Promise<Participant> {
  return requestJson('POST', PARTICIPANTS_PATH, {
    body,
    schema: participantSchema,
    headers: { 'idempotency-key': idempotencyKey },
  });
}

export function useCreateParticipant() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createParticipant,
    onSuccess: async (created) => {
      queryClient.setQueryData(participantKey(created.id), created);
      await queryClient.invalidateQueries({ queryKey: [...PARTICIPANTS_KEY, 'list'], refetchType: 'none' });
    },
  });
}
