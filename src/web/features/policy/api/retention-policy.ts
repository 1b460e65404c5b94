import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  retentionPolicySchema,
  type RetentionPolicy,
  type UpdateRetentionPolicy,
} from '../../../../data-rights/data-rights.schema.ts';
import { requestJson } from '../../../lib/api-request.ts';

export const RETENTION_POLICY_PATH = '/api/v1/municipality-policy/retention';

export function retentionPolicyKey(municipalityId: string) {
  return ['policy', municipalityId, 'retention'] as const;
}

export function getRetentionPolicy(options: { signal?: AbortSignal } = {}): Promise<RetentionPolicy> {
  return requestJson('GET', RETENTION_POLICY_PATH, { schema: retentionPolicySchema, signal: options.signal });
}

export function retentionPolicyQueryOptions(municipalityId: string) {
  return queryOptions({
    queryKey: retentionPolicyKey(municipalityId),
    queryFn: ({ signal }) => getRetentionPolicy({ signal }),
    retry: false,
    refetchOnWindowFocus: false,
  });
}

export function useRetentionPolicy(municipalityId: string) {
  return useQuery(retentionPolicyQueryOptions(municipalityId));
}

/** PUT with If-Match; the server also asks for a recent sign-in (step-up), which the caller handles. */
export function setRetentionPolicy(version: number, body: UpdateRetentionPolicy): Promise<RetentionPolicy> {
  return requestJson('PUT', RETENTION_POLICY_PATH, {
    body,
    schema: retentionPolicySchema,
    headers: { 'if-match': `"${version}"` },
  });
}

export function useSetRetentionPolicy(municipalityId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ version, body }: { version: number; body: UpdateRetentionPolicy }) =>
      setRetentionPolicy(version, body),
    onSuccess: (saved) => queryClient.setQueryData(retentionPolicyKey(municipalityId), saved),
  });
}
