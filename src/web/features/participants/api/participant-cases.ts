// The cases of a participant (cases API): the list on the participant page and opening a new case.
import { infiniteQueryOptions, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import {
  casePageSchema,
  caseSchema,
  type Case,
  type CasePage,
  type CreateCase,
} from '../../../../cases/case.schema.ts';
import { requestJson } from '../../../lib/api-request.ts';
import { participantPath, PARTICIPANTS_KEY } from './paths.ts';

const CASES_PAGE_SIZE = 25;

export function casesKey(participantId: string) {
  return [...PARTICIPANTS_KEY, 'of', participantId, 'cases'] as const;
}

export function listParticipantCases(
  participantId: string,
  cursor: string | undefined,
  options: { signal?: AbortSignal } = {},
): Promise<CasePage> {
  const params = new URLSearchParams({ sort: '-openedOn', limit: String(CASES_PAGE_SIZE) });
  if (cursor) params.set('cursor', cursor);
  return requestJson('GET', `${participantPath(participantId, 'cases')}?${params.toString()}`, {
    schema: casePageSchema,
    signal: options.signal,
  });
}

export function participantCasesQueryOptions(participantId: string) {
  return infiniteQueryOptions({
    queryKey: casesKey(participantId),
    queryFn: ({ pageParam, signal }) => listParticipantCases(participantId, pageParam, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    retry: false,
  });
}

export function useParticipantCases(participantId: string, enabled = true) {
  return useInfiniteQuery({ ...participantCasesQueryOptions(participantId), enabled });
}

export interface OpenCaseRequest {
  participantId: string;
  body: CreateCase;
  /** The same key for retries of the same request, so that a lost answer never opens two cases. */
  idempotencyKey: string;
}

/** Opens a case; refused with 422 (not eligible, with reasons) or 409 (a case of the programme is open). */
export function openCase({ participantId, body, idempotencyKey }: OpenCaseRequest): Promise<Case> {
  return requestJson('POST', participantPath(participantId, 'cases'), {
    body,
    schema: caseSchema,
    headers: { 'idempotency-key': idempotencyKey },
  });
}

export function useOpenCase() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: openCase,
    // In the background: the page moves on to the new case at once.
    onSuccess: (_opened, request) => {
      void queryClient.invalidateQueries({ queryKey: [...PARTICIPANTS_KEY, 'of', request.participantId] });
      void queryClient.invalidateQueries({ queryKey: [...PARTICIPANTS_KEY, 'list'], refetchType: 'none' });
    },
  });
}
