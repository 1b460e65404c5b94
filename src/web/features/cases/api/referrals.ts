import { infiniteQueryOptions, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import {
  referralPageSchema,
  referralSchema,
  type CreateReferral,
  type Referral,
  type UpdateReferral,
} from '../../../../cases/case-work.schema.ts';
import { requestJson } from '../../../lib/api-request.ts';
import { caseKey, casePath, ifMatch, listPath, refreshCase } from './case-keys.ts';

const PAGE_SIZE = 20;

export function referralsQueryOptions(caseId: string) {
  return infiniteQueryOptions({
    queryKey: [...caseKey(caseId), 'referrals'],
    queryFn: ({ pageParam, signal }) =>
      requestJson('GET', listPath(casePath(caseId, 'referrals'), { sort: '-referredOn' }, pageParam, PAGE_SIZE), {
        schema: referralPageSchema,
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    retry: false,
  });
}

export function useReferrals(caseId: string) {
  return useInfiniteQuery(referralsQueryOptions(caseId));
}

export function createReferral(caseId: string, body: CreateReferral, idempotencyKey: string): Promise<Referral> {
  return requestJson('POST', casePath(caseId, 'referrals'), {
    body,
    schema: referralSchema,
    headers: { 'idempotency-key': idempotencyKey },
  });
}

/** Records the outcome (or corrects the referral) with If-Match of the referral's version. */
export function updateReferral(caseId: string, referral: Pick<Referral, 'id' | 'version'>, body: UpdateReferral) {
  return requestJson('PATCH', casePath(caseId, 'referrals', referral.id), {
    body,
    schema: referralSchema,
    headers: ifMatch(referral.version),
  });
}

export function useCreateReferral(caseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: CreateReferral; idempotencyKey: string }) =>
      createReferral(caseId, body, idempotencyKey),
    onSuccess: () => refreshCase(queryClient, caseId),
  });
}

export function useUpdateReferral(caseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ referral, body }: { referral: Pick<Referral, 'id' | 'version'>; body: UpdateReferral }) =>
      updateReferral(caseId, referral, body),
    // Also after a 412: the list then shows the current version to start again from.
    onSettled: () => refreshCase(queryClient, caseId),
  });
}
