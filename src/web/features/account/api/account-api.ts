import { queryOptions, useQuery } from '@tanstack/react-query';
import {
  recoveryCodesSchema,
  revokedCountSchema,
  sessionListSchema,
  totpEnrolmentSchema,
  type ChangePasswordRequest,
  type RecoveryCodes,
  type TotpEnrolment,
} from '../../../../accounts/profile.schema.ts';
import { requestJson } from '../../../lib/api-request.ts';

export function changePassword(request: ChangePasswordRequest): Promise<undefined> {
  return requestJson('PUT', '/api/v1/me/password', { body: request });
}

export function startEnrolment(): Promise<TotpEnrolment> {
  return requestJson('POST', '/api/v1/me/second-factor/enrolment', { schema: totpEnrolmentSchema });
}

export function confirmEnrolment(code: string): Promise<RecoveryCodes> {
  return requestJson('POST', '/api/v1/me/second-factor/enrolment/confirm', {
    body: { code },
    schema: recoveryCodesSchema,
  });
}

export function regenerateRecoveryCodes(): Promise<RecoveryCodes> {
  return requestJson('POST', '/api/v1/me/second-factor/recovery-codes', { schema: recoveryCodesSchema });
}

export const SESSIONS_KEY = ['me', 'sessions'] as const;

export function sessionsQueryOptions() {
  return queryOptions({
    queryKey: SESSIONS_KEY,
    queryFn: ({ signal }) => requestJson('GET', '/api/v1/me/sessions', { schema: sessionListSchema, signal }),
    retry: false,
  });
}

export function useSessions() {
  return useQuery(sessionsQueryOptions());
}

export function revokeSession(id: string): Promise<undefined> {
  return requestJson('DELETE', `/api/v1/me/sessions/${encodeURIComponent(id)}`);
}

export function endAllSessions() {
  return requestJson('POST', '/api/v1/me/sessions/end-all', { schema: revokedCountSchema });
}
