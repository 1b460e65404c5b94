import { useMutation, useQueryClient } from '@tanstack/react-query';
import { participantSchema, type Participant } from '../../../../participants/participant.schema.ts';
import { requestJson } from '../../../lib/api-request.ts';
import { participantKey, participantPath } from './paths.ts';
import { useParticipantChanged } from './update-participant.ts';

export interface MergeRequest {
  /** The surviving record (this page's). */
  id: string;
  version: number;
  duplicateId: string;
}

/** Merges the duplicate into this record; the duplicate stays, read-only, pointing here. */
export function mergeParticipant({ id, version, duplicateId }: MergeRequest): Promise<Participant> {
  return requestJson('POST', participantPath(id, 'merge'), {
    body: { duplicateId },
    schema: participantSchema,
    headers: { 'if-match': `"${version}"` },
  });
}

export function useMergeParticipant() {
  const queryClient = useQueryClient();
  const changed = useParticipantChanged();
  return useMutation({
    mutationFn: mergeParticipant,
    onSuccess: (survivor, request) => {
      queryClient.removeQueries({ queryKey: participantKey(request.duplicateId) });
      changed(survivor);
    },
  });
}
