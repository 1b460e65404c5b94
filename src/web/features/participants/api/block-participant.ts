import { useMutation } from '@tanstack/react-query';
import { participantSchema, type Participant } from '../../../../participants/participant.schema.ts';
import { requestJson } from '../../../lib/api-request.ts';
import { participantPath } from './paths.ts';
import { useParticipantChanged } from './update-participant.ts';

export interface BlockRequest {
  id: string;
  version: number;
  /** Set to block (with the reason); null to lift the block. */
  reason: string | null;
}

/** Blocks or unblocks; the server asks for a recent sign-in (step-up) first. */
export function setBlocked({ id, version, reason }: BlockRequest): Promise<Participant> {
  return requestJson('POST', participantPath(id, reason === null ? 'unblock' : 'block'), {
    body: reason === null ? {} : { reason },
    schema: participantSchema,
    headers: { 'if-match': `"${version}"` },
  });
}

export function useSetBlocked() {
  const changed = useParticipantChanged();
  return useMutation({ mutationFn: setBlocked, onSuccess: changed });
}
