import { useMutation, useQueryClient } from '@tanstack/react-query';
import { assignmentSchema, type Assignment, type CreateAssignment } from '../../../../cases/case.schema.ts';
import { requestJson } from '../../../lib/api-request.ts';
import { casePath, newIdempotencyKey, refreshCase } from './case-keys.ts';

/** Assigns a person in a role; the server ends the current assignment of that role (kept in the history). */
export function assign(
  caseId: string,
  body: CreateAssignment,
  idempotencyKey = newIdempotencyKey(),
): Promise<Assignment> {
  return requestJson('POST', casePath(caseId, 'assignments'), {
    body,
    schema: assignmentSchema,
    headers: { 'idempotency-key': idempotencyKey },
  });
}

export function endAssignment(caseId: string, assignmentId: string): Promise<undefined> {
  return requestJson('DELETE', casePath(caseId, 'assignments', assignmentId));
}

export function useAssign(caseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: CreateAssignment; idempotencyKey: string }) =>
      assign(caseId, body, idempotencyKey),
    onSuccess: () => refreshCase(queryClient, caseId),
  });
}

export function useEndAssignment(caseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (assignmentId: string) => endAssignment(caseId, assignmentId),
    onSuccess: () => refreshCase(queryClient, caseId),
  });
}
