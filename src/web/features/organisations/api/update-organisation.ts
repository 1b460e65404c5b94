import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  organisationSchema,
  type Organisation,
  type UpdateOrganisation,
} from '../../../../organisations/organisation.schema.ts';
import { requestJson } from '../../../lib/api-request.ts';
import { organisationKey } from './get-organisation.ts';
import { ORGANISATIONS_KEY, ORGANISATIONS_PATH } from './list-organisations.ts';

export interface UpdateOrganisationRequest {
  id: string;
  /** The version the change was made on: sent as If-Match; the server answers 412 when it is stale. */
  version: number;
  changes: UpdateOrganisation;
}

export function updateOrganisation({ id, version, changes }: UpdateOrganisationRequest): Promise<Organisation> {
  return requestJson('PATCH', `${ORGANISATIONS_PATH}/${encodeURIComponent(id)}`, {
    body: changes,
    schema: organisationSchema,
    headers: { 'if-match': `"${version}"` },
  });
}

export function useUpdateOrganisation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateOrganisation,
    onSuccess: async (updated) => {
      queryClient.setQueryData(organisationKey(updated.id), updated);
      await queryClient.invalidateQueries({
        queryKey: ORGANISATIONS_KEY,
        predicate: (query) => query.queryKey[1] !== 'one',
      });
    },
  });
}
