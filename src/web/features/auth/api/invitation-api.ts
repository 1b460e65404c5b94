import { queryOptions, useQuery } from '@tanstack/react-query';
import { invitationSchema } from '../../../../accounts/auth.schema.ts';
import { requestJson } from '../../../lib/api-request.ts';

export function invitationQueryOptions(token: string) {
  return queryOptions({
    queryKey: ['invitation', token],
    queryFn: ({ signal }) =>
      requestJson('POST', '/api/v1/auth/invitations/lookup', { body: { token }, schema: invitationSchema, signal }),
    retry: false,
    staleTime: Infinity,
  });
}

export function useInvitation(token: string, enabled: boolean) {
  return useQuery({ ...invitationQueryOptions(token), enabled });
}

export function acceptInvitation(token: string, password: string): Promise<undefined> {
  return requestJson('POST', '/api/v1/auth/invitations/accept', { body: { token, password } });
}
