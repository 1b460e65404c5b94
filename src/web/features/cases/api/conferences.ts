import { infiniteQueryOptions, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import {
  conferencePageSchema,
  conferenceSchema,
  type Conference,
  type CreateConference,
} from '../../../../cases/case-work.schema.ts';
import { requestJson } from '../../../lib/api-request.ts';
import { caseKey, casePath, listPath, refreshCase } from './case-keys.ts';

const PAGE_SIZE = 10;

export function conferencesQueryOptions(caseId: string) {
  return infiniteQueryOptions({
    queryKey: [...caseKey(caseId), 'conferences'],
    queryFn: ({ pageParam, signal }) =>
      requestJson('GET', listPath(casePath(caseId, 'conferences'), { sort: '-heldOn' }, pageParam, PAGE_SIZE), {
        schema: conferencePageSchema,
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    retry: false,
  });
}

export function useConferences(caseId: string) {
  return useInfiniteQuery(conferencesQueryOptions(caseId));
}

export function createConference(caseId: string, body: CreateConference, idempotencyKey: string): Promise<Conference> {
  return requestJson('POST', casePath(caseId, 'conferences'), {
    body,
    schema: conferenceSchema,
    headers: { 'idempotency-key': idempotencyKey },
  });
}

export function useCreateConference(caseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: CreateConference; idempotencyKey: string }) =>
      createConference(caseId, body, idempotencyKey),
    onSuccess: () => refreshCase(queryClient, caseId),
  });
}
