// The sign-in state of this browser, shared by the header, the route guard and the account pages.
import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { authStateSchema, type AuthState } from '../../accounts/auth.schema.ts';
import { getJson } from './api-client.ts';

export const AUTH_SESSION_PATH = '/api/v1/auth/session';
export const AUTH_SESSION_KEY = ['auth', 'session'] as const;

export function authSessionQueryOptions() {
  return queryOptions({
    queryKey: AUTH_SESSION_KEY,
    queryFn: ({ signal }) => getJson(AUTH_SESSION_PATH, authStateSchema, { signal }),
    staleTime: 30_000,
    refetchOnWindowFocus: true,
    // Notices a session that ended (idle timeout, signed out elsewhere); this poll does not extend it.
    refetchInterval: 60_000,
  });
}

export function useAuthSession() {
  return useQuery(authSessionQueryOptions());
}

/**
 * After signing in or out: the new state replaces the old, and every cached answer of the previous
 * user is dropped, so that nothing of one account is shown to the next.
 */
export function useApplyAuthState() {
  const queryClient = useQueryClient();
  return (state: AuthState) => {
    queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== AUTH_SESSION_KEY[0] });
    queryClient.setQueryData(AUTH_SESSION_KEY, state);
  };
}

/** Only same-site paths are followed after the login (no open redirect). */
export function safeRedirect(target: unknown): string {
  return typeof target === 'string' && target.startsWith('/') && !target.startsWith('//') && !target.startsWith('/\\')
    ? target
    : '/';
}
