import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  municipalityEligibilityPolicySchema,
  type MunicipalityEligibilityPolicy,
  type SetEligibilityPolicy,
} from '../../../../participants/participant.schema.ts';
import { requestJson } from '../../../lib/api-request.ts';

export const ELIGIBILITY_POLICY_PATH = '/api/v1/municipality-policy/eligibility';

/** Per municipality: switching the active municipality must not show the previous one's settings. */
export function eligibilityPolicyKey(municipalityId: string) {
  return ['policy', municipalityId, 'eligibility'] as const;
}

export function getEligibilityPolicy(options: { signal?: AbortSignal } = {}): Promise<MunicipalityEligibilityPolicy> {
  return requestJson('GET', ELIGIBILITY_POLICY_PATH, {
    schema: municipalityEligibilityPolicySchema,
    signal: options.signal,
  });
}

export function eligibilityPolicyQueryOptions(municipalityId: string) {
  return queryOptions({
    queryKey: eligibilityPolicyKey(municipalityId),
    queryFn: ({ signal }) => getEligibilityPolicy({ signal }),
    retry: false,
    // The form starts from the loaded version: a background refetch must not replace it unnoticed.
    refetchOnWindowFocus: false,
  });
}

export function useEligibilityPolicy(municipalityId: string) {
  return useQuery(eligibilityPolicyQueryOptions(municipalityId));
}

/** PUT with If-Match of the version the form was filled from; 412 when someone saved in between. */
export function setEligibilityPolicy(
  version: number,
  body: SetEligibilityPolicy,
): Promise<MunicipalityEligibilityPolicy> {
  return requestJson('PUT', ELIGIBILITY_POLICY_PATH, {
    body,
    schema: municipalityEligibilityPolicySchema,
    headers: { 'if-match': `"${version}"` },
  });
}

export function useSetEligibilityPolicy(municipalityId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ version, body }: { version: number; body: SetEligibilityPolicy }) =>
      setEligibilityPolicy(version, body),
    onSuccess: (saved) => queryClient.setQueryData(eligibilityPolicyKey(municipalityId), saved),
  });
}
