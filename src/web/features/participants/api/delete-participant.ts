import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import {
  deletionResultSchema,
  type DeleteParticipant,
  type DeletionResult,
} from '../../../../data-rights/data-rights.schema.ts';
import { requestJson } from '../../../lib/api-request.ts';
import { participantPath, PARTICIPANTS_KEY } from './paths.ts';

export interface DeleteRequest {
  id: string;
  version: number;
  body: DeleteParticipant;
}

/** Erasure on request (Art. 17 GDPR): anonymised or deleted per the municipality's deletion class; step-up first. */
export function deleteParticipant({ id, version, body }: DeleteRequest): Promise<DeletionResult> {
  return requestJson('DELETE', participantPath(id), {
    body,
    schema: deletionResultSchema,
    headers: { 'if-match': `"${version}"` },
  });
}

/** Lists are refreshed when next shown; the record's own queries are dropped by the page once it no longer shows them. */
export function useDeleteParticipant() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteParticipant,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: [...PARTICIPANTS_KEY, 'list'], refetchType: 'none' });
    },
  });
}

/** Drops every cached answer about an erased participant (call when nothing shows them any more). */
export function useForgetParticipant() {
  const queryClient = useQueryClient();
  return useCallback(
    (id: string) => {
      queryClient.removeQueries({ queryKey: [...PARTICIPANTS_KEY, 'one', id] });
      queryClient.removeQueries({ queryKey: [...PARTICIPANTS_KEY, 'of', id] });
    },
    [queryClient],
  );
}
