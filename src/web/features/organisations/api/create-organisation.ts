import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  organisationSchema,
  type CreateOrganisation,
  type Organisation,
} from '../../../../organisations/organisation.schema.ts';
import { requestJson } from '../../../lib/api-request.ts';
import { organisationKey } from './get-organisation.ts';
import { ORGANISATIONS_KEY, ORGANISATIONS_PATH } from './list-organisations.ts';

export function createOrganisation(body: CreateOrganisation): Promise<Organisation> {
  return requestJson('POST', ORGANISATIONS_PATH, { body, schema: organisationSchema });
}

/** Creates; the new organisation is cached for its page, every list is refreshed. */
export function useCreateOrganisation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createOrganisation,
    onSuccess: async (created) => {
      queryClient.setQueryData(organisationKey(created.id), created);
      await queryClient.invalidateQueries({ queryKey: ORGANISATIONS_KEY, refetchType: 'none' });
    },
  });
}
