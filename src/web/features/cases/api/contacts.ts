import {
  infiniteQueryOptions,
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQueryClient,
} from '@tanstack/react-query';
import {
  contactPageSchema,
  contactSchema,
  type Contact,
  type ContactPage,
  type CreateContact,
} from '../../../../cases/case-work.schema.ts';
import type { ContactChannel } from '../../../../cases/case.codes.ts';
import { requestJson } from '../../../lib/api-request.ts';
import { caseKey, casePath, listPath, refreshCase } from './case-keys.ts';

export const CONTACTS_PAGE_SIZE = 20;

export interface ContactFilters {
  channel?: ContactChannel;
  coaching?: boolean;
}

export function listContacts(
  caseId: string,
  filters: ContactFilters,
  cursor: string | undefined,
  options: { signal?: AbortSignal } = {},
): Promise<ContactPage> {
  const params = {
    sort: '-occurredAt',
    channel: filters.channel,
    coaching: filters.coaching === undefined ? undefined : String(filters.coaching),
  };
  return requestJson('GET', listPath(casePath(caseId, 'contacts'), params, cursor, CONTACTS_PAGE_SIZE), {
    schema: contactPageSchema,
    signal: options.signal,
  });
}

export function contactsQueryOptions(caseId: string, filters: ContactFilters) {
  return infiniteQueryOptions({
    queryKey: [...caseKey(caseId), 'contacts', filters],
    queryFn: ({ pageParam, signal }) => listContacts(caseId, filters, pageParam, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    retry: false,
    placeholderData: keepPreviousData,
  });
}

/** The contacts log, newest first, page by page ("load more"). */
export function useContacts(caseId: string, filters: ContactFilters) {
  return useInfiniteQuery(contactsQueryOptions(caseId, filters));
}

export function createContact(caseId: string, body: CreateContact, idempotencyKey: string): Promise<Contact> {
  return requestJson('POST', casePath(caseId, 'contacts'), {
    body,
    schema: contactSchema,
    headers: { 'idempotency-key': idempotencyKey },
  });
}

export function useCreateContact(caseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: CreateContact; idempotencyKey: string }) =>
      createContact(caseId, body, idempotencyKey),
    onSuccess: () => refreshCase(queryClient, caseId),
  });
}
