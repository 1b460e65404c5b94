// Providers serving the municipality and their contact persons.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  providerContactListSchema,
  providerContactSchema,
  providerListSchema,
  type CreateProviderContact,
  type ProviderContact,
  type UpdateProviderContact,
} from '../../../../offers/offer.schema.ts';
import { requestJson } from '../../../lib/api-request.ts';
import { ifMatch } from '../../cases/api/case-keys.ts';
import { apiPath, PROVIDERS_KEY } from './offer-keys.ts';

export function useProviders() {
  return useQuery({
    queryKey: [...PROVIDERS_KEY, 'list'],
    queryFn: ({ signal }) => requestJson('GET', apiPath('providers'), { schema: providerListSchema, signal }),
    retry: false,
  });
}

function contactsKey(providerId: string) {
  return [...PROVIDERS_KEY, providerId, 'contacts'] as const;
}

export function useContacts(providerId: string) {
  return useQuery({
    queryKey: contactsKey(providerId),
    queryFn: ({ signal }) =>
      requestJson('GET', apiPath('providers', providerId, 'contacts'), { schema: providerContactListSchema, signal }),
    retry: false,
  });
}

export function useContactChanges(providerId: string) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: PROVIDERS_KEY });
  const create = useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: CreateProviderContact; idempotencyKey: string }) =>
      requestJson('POST', apiPath('providers', providerId, 'contacts'), {
        body,
        schema: providerContactSchema,
        headers: { 'idempotency-key': idempotencyKey },
      }),
    onSuccess: refresh,
  });
  const update = useMutation({
    mutationFn: ({ contact, body }: { contact: ProviderContact; body: UpdateProviderContact }) =>
      requestJson('PATCH', apiPath('providers', providerId, 'contacts', contact.id), {
        body,
        schema: providerContactSchema,
        headers: ifMatch(contact.version),
      }),
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: (contact: ProviderContact) =>
      requestJson('DELETE', apiPath('providers', providerId, 'contacts', contact.id), {
        headers: ifMatch(contact.version),
      }),
    onSettled: refresh,
  });
  return { create, update, remove };
}
