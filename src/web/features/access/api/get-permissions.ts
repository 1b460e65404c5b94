import { queryOptions, useQuery } from '@tanstack/react-query';
import { permissionTableSchema, type PermissionTable } from '../../../../access/access.schema.ts';
import { requestJson } from '../../../lib/api-request.ts';

export const PERMISSIONS_PATH = '/api/v1/permissions';

export function getPermissions(options: { signal?: AbortSignal } = {}): Promise<PermissionTable> {
  return requestJson('GET', PERMISSIONS_PATH, { schema: permissionTableSchema, signal: options.signal });
}

export function permissionsQueryOptions() {
  return queryOptions({
    queryKey: ['permissions'],
    queryFn: ({ signal }) => getPermissions({ signal }),
    retry: false,
    // The table is part of the release: it does not change while the app runs.
    staleTime: Infinity,
  });
}

export function usePermissions() {
  return useQuery(permissionsQueryOptions());
}
