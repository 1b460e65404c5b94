import { queryOptions, useQuery } from '@tanstack/react-query';
import type { AssignmentRole } from '../../../../cases/case.codes.ts';
import { assignableUserListSchema, type AssignableUserList } from '../../../../cases/case.schema.ts';
import { requestJson } from '../../../lib/api-request.ts';
import { caseKey, casePath } from './case-keys.ts';

/** Under the case's key: an assignment changes who is `currentlyAssigned`, and refreshCase refreshes this too. */
export function assignableUsersKey(caseId: string, role: AssignmentRole) {
  return [...caseKey(caseId), 'assignable-users', role] as const;
}

/** The accounts that may hold a role on the case (participation managers only may ask). */
export function getAssignableUsers(
  caseId: string,
  role: AssignmentRole,
  options: { signal?: AbortSignal } = {},
): Promise<AssignableUserList> {
  return requestJson('GET', `${casePath(caseId, 'assignable-users')}?role=${encodeURIComponent(role)}`, {
    schema: assignableUserListSchema,
    signal: options.signal,
  });
}

export function assignableUsersQueryOptions(caseId: string, role: AssignmentRole) {
  return queryOptions({
    queryKey: assignableUsersKey(caseId, role),
    queryFn: ({ signal }) => getAssignableUsers(caseId, role, { signal }),
    retry: false,
    staleTime: 60_000,
  });
}

export function useAssignableUsers(caseId: string, role: AssignmentRole, enabled: boolean) {
  return useQuery({ ...assignableUsersQueryOptions(caseId, role), enabled });
}
