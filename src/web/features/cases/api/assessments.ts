import { infiniteQueryOptions, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import {
  assessmentPageSchema,
  assessmentSchema,
  type Assessment,
  type CreateAssessment,
} from '../../../../cases/case-work.schema.ts';
import { requestJson } from '../../../lib/api-request.ts';
import { caseKey, casePath, listPath, refreshCase } from './case-keys.ts';

const PAGE_SIZE = 10;

export function assessmentsQueryOptions(caseId: string) {
  return infiniteQueryOptions({
    queryKey: [...caseKey(caseId), 'assessments'],
    queryFn: ({ pageParam, signal }) =>
      requestJson('GET', listPath(casePath(caseId, 'assessments'), { sort: '-assessedOn' }, pageParam, PAGE_SIZE), {
        schema: assessmentPageSchema,
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    retry: false,
  });
}

/** The needs assessments of a case, newest first, page by page. */
export function useAssessments(caseId: string) {
  return useInfiniteQuery(assessmentsQueryOptions(caseId));
}

export function createAssessment(caseId: string, body: CreateAssessment, idempotencyKey: string): Promise<Assessment> {
  return requestJson('POST', casePath(caseId, 'assessments'), {
    body,
    schema: assessmentSchema,
    headers: { 'idempotency-key': idempotencyKey },
  });
}

export function useCreateAssessment(caseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: CreateAssessment; idempotencyKey: string }) =>
      createAssessment(caseId, body, idempotencyKey),
    onSuccess: () => refreshCase(queryClient, caseId),
  });
}
