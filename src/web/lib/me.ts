// The signed-in user's profile (GET /api/v1/me), shared by the account pages and the step-up dialog.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { meSchema } from '../../accounts/profile.schema.ts';
import { requestJson } from './api-request.ts';

export const ME_KEY = ['me'] as const;

export function meQueryOptions() {
  return queryOptions({
    queryKey: ME_KEY,
    queryFn: ({ signal }) => requestJson('GET', '/api/v1/me', { schema: meSchema, signal }),
    retry: false,
  });
}

export function useMe(enabled = true) {
  return useQuery({ ...meQueryOptions(), enabled });
}
