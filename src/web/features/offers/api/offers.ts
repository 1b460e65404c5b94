// The offer catalogue: search (page by page), one offer, creating and changing offers.
import {
  infiniteQueryOptions,
  queryOptions,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import {
  offerPageSchema,
  offerSchema,
  type CreateOffer,
  type Offer,
  type UpdateOffer,
} from '../../../../offers/offer.schema.ts';
import { requestJson } from '../../../lib/api-request.ts';
import { ifMatch, listPath } from '../../cases/api/case-keys.ts';
import { apiPath, OFFERS_KEY, refreshOffers } from './offer-keys.ts';

const PAGE_SIZE = 25;

/** The catalogue's filters as query parameters (unset ones left out). */
export type OfferFilters = Record<string, string | undefined>;

export function offersQueryOptions(filters: OfferFilters, limit = PAGE_SIZE) {
  return infiniteQueryOptions({
    queryKey: [...OFFERS_KEY, 'list', filters, limit],
    queryFn: ({ pageParam, signal }) =>
      requestJson('GET', listPath(apiPath('offers'), filters, pageParam, limit), { schema: offerPageSchema, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    retry: false,
  });
}

export function useOffers(filters: OfferFilters, options: { enabled?: boolean; limit?: number } = {}) {
  return useInfiniteQuery({ ...offersQueryOptions(filters, options.limit), enabled: options.enabled ?? true });
}

export function offerQueryOptions(offerId: string) {
  return queryOptions({
    queryKey: [...OFFERS_KEY, 'one', offerId],
    queryFn: ({ signal }) => requestJson('GET', apiPath('offers', offerId), { schema: offerSchema, signal }),
    retry: false,
  });
}

export function useOffer(offerId: string) {
  return useQuery(offerQueryOptions(offerId));
}

export function useCreateOffer() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: CreateOffer; idempotencyKey: string }) =>
      requestJson('POST', apiPath('offers'), {
        body,
        schema: offerSchema,
        headers: { 'idempotency-key': idempotencyKey },
      }),
    onSuccess: () => refreshOffers(queryClient),
  });
}

export function useUpdateOffer() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ offer, body }: { offer: Pick<Offer, 'id' | 'version'>; body: UpdateOffer }) =>
      requestJson('PATCH', apiPath('offers', offer.id), { body, schema: offerSchema, headers: ifMatch(offer.version) }),
    // Also after a 412: the page then shows the current version to start again from.
    onSettled: () => refreshOffers(queryClient),
  });
}
