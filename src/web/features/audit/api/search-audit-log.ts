import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { auditLogPageSchema, type AuditLogPage, type AuditLogQuery } from '../../../../audit/audit.schema.ts';
import { ApiError, getJson } from '../../../lib/api-client.ts';
import { searchParams } from '../audit-log-filters.ts';

export const AUDIT_LOG_PATH = '/api/v1/audit-log';
export const AUDIT_LOG_PAGE_SIZE = 25;

export function searchAuditLog(
  query: Partial<AuditLogQuery>,
  cursor: string | undefined,
  options: { signal?: AbortSignal } = {},
): Promise<AuditLogPage> {
  return getJson(`${AUDIT_LOG_PATH}?${searchParams(query, cursor, AUDIT_LOG_PAGE_SIZE)}`, auditLogPageSchema, options);
}

export function auditLogQueryOptions(query: Partial<AuditLogQuery>, cursor: string | undefined) {
  return queryOptions({
    queryKey: ['audit-log', query, cursor ?? null],
    queryFn: ({ signal }) => searchAuditLog(query, cursor, { signal }),
    // Every search is recorded in the audit log: no background refetching, no retries of refusals.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    retry: (failures, error) => !(error instanceof ApiError && error.status < 500) && failures < 2,
    placeholderData: keepPreviousData,
  });
}

export function useAuditLog(query: Partial<AuditLogQuery>, cursor: string | undefined) {
  return useQuery(auditLogQueryOptions(query, cursor));
}
