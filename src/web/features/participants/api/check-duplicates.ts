import { useMutation } from '@tanstack/react-query';
import {
  duplicateCandidatesSchema,
  type DuplicateCandidate,
  type DuplicateCheck,
} from '../../../../participants/participant.schema.ts';
import { requestJson } from '../../../lib/api-request.ts';
import { PARTICIPANTS_PATH } from './paths.ts';

/** Records of the municipality that may be the same person, best first (a read: the server audits it). */
export async function checkDuplicates(body: DuplicateCheck): Promise<DuplicateCandidate[]> {
  const result = await requestJson('POST', `${PARTICIPANTS_PATH}/duplicate-candidates`, {
    body,
    schema: duplicateCandidatesSchema,
  });
  return result.candidates;
}

export function useCheckDuplicates() {
  return useMutation({ mutationFn: checkDuplicates });
}
