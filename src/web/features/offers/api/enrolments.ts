// Enrolments: a person's, an offer's; enrolling and changing an enrolment.
import { infiniteQueryOptions, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import {
  enrolmentPageSchema,
  enrolmentSchema,
  type CreateEnrolment,
  type Enrolment,
  type UpdateEnrolment,
} from '../../../../offers/enrolment.schema.ts';
import { requestJson } from '../../../lib/api-request.ts';
import { ifMatch, listPath } from '../../cases/api/case-keys.ts';
import { apiPath, ENROLMENTS_KEY, refreshOffers } from './offer-keys.ts';

const PAGE_SIZE = 50;

function enrolmentsOptions(scope: 'participants' | 'offers', id: string, sort: string) {
  return infiniteQueryOptions({
    queryKey: [...ENROLMENTS_KEY, scope, id, sort],
    queryFn: ({ pageParam, signal }) =>
      requestJson('GET', listPath(apiPath(scope, id, 'enrolments'), { sort }, pageParam, PAGE_SIZE), {
        schema: enrolmentPageSchema,
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    retry: false,
  });
}

/** A person's enrolments, the latest referral first. */
export function useParticipantEnrolments(participantId: string) {
  return useInfiniteQuery(enrolmentsOptions('participants', participantId, '-referredOn'));
}

/** An offer's enrolments in the order they came (the waiting list in its order). */
export function useOfferEnrolments(offerId: string, enabled: boolean) {
  return useInfiniteQuery({ ...enrolmentsOptions('offers', offerId, 'createdAt'), enabled });
}

export function useEnrol(participantId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: CreateEnrolment; idempotencyKey: string }) =>
      requestJson('POST', apiPath('participants', participantId, 'enrolments'), {
        body,
        schema: enrolmentSchema,
        headers: { 'idempotency-key': idempotencyKey },
      }),
    onSuccess: () => refreshOffers(queryClient),
  });
}

export function useUpdateEnrolment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ enrolment, body }: { enrolment: Pick<Enrolment, 'id' | 'version'>; body: UpdateEnrolment }) =>
      requestJson('PATCH', apiPath('enrolments', enrolment.id), {
        body,
        schema: enrolmentSchema,
        headers: ifMatch(enrolment.version),
      }),
    onSettled: () => refreshOffers(queryClient),
  });
}
