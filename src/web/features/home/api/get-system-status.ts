import { queryOptions, useQuery } from '@tanstack/react-query';
import { systemStatusSchema, type SystemStatus } from '../../../../system/system.schema.ts';
import { getJson } from '../../../lib/api-client.ts';

export const SYSTEM_STATUS_PATH = '/api/v1/system/status';

export function getSystemStatus(options: { signal?: AbortSignal } = {}): Promise<SystemStatus> {
  return getJson(SYSTEM_STATUS_PATH, systemStatusSchema, options);
}

export function systemStatusQueryOptions() {
  return queryOptions({
    queryKey: ['system', 'status'],
    queryFn: ({ signal }) => getSystemStatus({ signal }),
    // Keeps uptime and migration state current while the start page is open.
    refetchInterval: 60_000,
  });
}

export function useSystemStatus() {
  return useQuery(systemStatusQueryOptions());
}
