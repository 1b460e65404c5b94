import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import {
  assignableOrganisationsSchema,
  createdUserSchema,
  newInvitationSchema,
  userPageSchema,
  userSchema,
  type CreatedUser,
  type CreateUserRequest,
  type ListUsersQuery,
  type NewInvitation,
  type User,
  type UserRole,
} from '../../../../accounts/user.schema.ts';
import { requestJson } from '../../../lib/api-request.ts';

export const USERS_KEY = ['users'] as const;
export const USERS_PAGE_SIZE = 25;

function listPath(query: Partial<ListUsersQuery>, cursor: string | undefined): string {
  const params = new URLSearchParams({ limit: String(USERS_PAGE_SIZE) });
  if (query.q) params.set('q', query.q);
  if (query.status) params.set('status', query.status);
  if (cursor) params.set('cursor', cursor);
  return `/api/v1/users?${params.toString()}`;
}

export function usersQueryOptions(query: Partial<ListUsersQuery>, cursor: string | undefined) {
  return queryOptions({
    queryKey: [...USERS_KEY, 'list', query, cursor ?? null],
    queryFn: ({ signal }) => requestJson('GET', listPath(query, cursor), { schema: userPageSchema, signal }),
    retry: false,
    placeholderData: keepPreviousData,
  });
}

export function useUsers(query: Partial<ListUsersQuery>, cursor: string | undefined) {
  return useQuery(usersQueryOptions(query, cursor));
}

export function useUser(id: string) {
  return useQuery({
    queryKey: [...USERS_KEY, 'one', id],
    queryFn: ({ signal }) =>
      requestJson('GET', `/api/v1/users/${encodeURIComponent(id)}`, { schema: userSchema, signal }),
    retry: false,
  });
}

export function useAssignableOrganisations() {
  return useQuery({
    queryKey: [...USERS_KEY, 'assignable-organisations'],
    queryFn: ({ signal }) =>
      requestJson('GET', '/api/v1/users/assignable-organisations', { schema: assignableOrganisationsSchema, signal }),
    retry: false,
    staleTime: 60_000,
  });
}

export function createUser(request: CreateUserRequest): Promise<CreatedUser> {
  return requestJson('POST', '/api/v1/users', { body: request, schema: createdUserSchema });
}

function ifMatch(version: number) {
  return { 'if-match': `"${version}"` };
}

export function updateRoles(user: User, roles: UserRole[]): Promise<User> {
  return requestJson('PUT', `/api/v1/users/${user.id}/roles`, {
    body: { roles },
    schema: userSchema,
    headers: ifMatch(user.version),
  });
}

export function setEnabled(user: User, enabled: boolean): Promise<User> {
  return requestJson('POST', `/api/v1/users/${user.id}/${enabled ? 'enable' : 'disable'}`, {
    schema: userSchema,
    headers: ifMatch(user.version),
  });
}

/** Clears a lost second factor (authenticator and recovery codes) and ends all sessions of the account. */
export function resetSecondFactor(user: User): Promise<User> {
  return requestJson('POST', `/api/v1/users/${user.id}/second-factor/reset`, {
    schema: userSchema,
    headers: ifMatch(user.version),
  });
}

export function reinvite(user: User): Promise<NewInvitation> {
  return requestJson('POST', `/api/v1/users/${user.id}/invitation`, { schema: newInvitationSchema });
}

/** The link the invited person opens; the token sits in the fragment, which browsers never send. */
export function invitationLink(token: string): string {
  return `${window.location.origin}/invitation#${token}`;
}
