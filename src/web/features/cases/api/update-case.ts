import { useMutation, useQueryClient } from '@tanstack/react-query';
import { caseSchema, type Case, type ExitCase, type FollowUp, type UpdateCase } from '../../../../cases/case.schema.ts';
import { requestJson } from '../../../lib/api-request.ts';
import { casePath, ifMatch, refreshCase } from './case-keys.ts';
import { caseDetailKey } from './get-case.ts';

/** PATCH /cases/:id with If-Match of the version the form was filled from (412 when it is stale). */
export function updateCase(caseId: string, version: number, changes: UpdateCase): Promise<Case> {
  return requestJson('PATCH', casePath(caseId), { body: changes, schema: caseSchema, headers: ifMatch(version) });
}

/** Exit with an outcome; the follow-up falls due 6 months later. Cannot be undone. */
export function exitCase(caseId: string, version: number, body: ExitCase): Promise<Case> {
  return requestJson('POST', casePath(caseId, 'exit'), { body, schema: caseSchema, headers: ifMatch(version) });
}

export function recordFollowUp(caseId: string, version: number, body: FollowUp): Promise<Case> {
  return requestJson('POST', casePath(caseId, 'follow-up'), { body, schema: caseSchema, headers: ifMatch(version) });
}

type CaseChange =
  | { kind: 'update'; version: number; body: UpdateCase }
  | { kind: 'exit'; version: number; body: ExitCase }
  | { kind: 'followUp'; version: number; body: FollowUp };

function send(caseId: string, change: CaseChange): Promise<Case> {
  switch (change.kind) {
    case 'update':
      return updateCase(caseId, change.version, change.body);
    case 'exit':
      return exitCase(caseId, change.version, change.body);
    case 'followUp':
      return recordFollowUp(caseId, change.version, change.body);
  }
}

/** Changes of the case itself; the answer is the new case, shown at once, and everything derived is refreshed. */
export function useChangeCase(caseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: CaseChange) => send(caseId, change),
    onSuccess: async (updated) => {
      queryClient.setQueryData(caseDetailKey(caseId), updated);
      await refreshCase(queryClient, caseId);
    },
  });
}
