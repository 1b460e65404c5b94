// The API calls of programmes, state budgets and their allocation, and the funding dashboard.
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  allocationKeyListSchema,
  allocationKeySchema,
  allocationListSchema,
  allocationPreviewSchema,
  populationSchema,
  stateBudgetDetailSchema,
  stateBudgetListSchema,
  type AllocationRequest,
  type CreateAllocationKey,
  type CreatePopulation,
  type CreateStateBudget,
} from '../../../../funding/budget.schema.ts';
import { dashboardSchema, type DashboardQuery } from '../../../../funding/dashboard.schema.ts';
import {
  programmeDetailSchema,
  programmeDiffSchema,
  programmeListSchema,
  type CreateProgrammeVersion,
} from '../../../../funding/programme.schema.ts';
import { requestJson } from '../../../lib/api-request.ts';

export const FUNDING_SETUP_KEY = ['funding-setup'] as const;
const PROGRAMMES = '/api/v1/funding/programmes';
const BUDGETS = '/api/v1/funding/budgets';

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

// --- Programmes -----------------------------------------------------------------------------------------------

export function useProgrammes() {
  return useQuery({
    queryKey: [...FUNDING_SETUP_KEY, 'programmes'],
    queryFn: ({ signal }) => requestJson('GET', PROGRAMMES, { schema: programmeListSchema, signal }),
  });
}

export function programmeQuery(programmeId: string) {
  return queryOptions({
    queryKey: [...FUNDING_SETUP_KEY, 'programme', programmeId],
    queryFn: ({ signal }) =>
      requestJson('GET', `${PROGRAMMES}/${programmeId}`, { schema: programmeDetailSchema, signal }),
  });
}

export function useProgramme(programmeId: string) {
  return useQuery(programmeQuery(programmeId));
}

/** The programme with the definition of one version (null: the current one). */
export function useProgrammeVersion(programmeId: string, version: number | null) {
  return useQuery({
    queryKey: [...FUNDING_SETUP_KEY, 'programme', programmeId, 'version', version],
    queryFn: ({ signal }) =>
      requestJson('GET', `${PROGRAMMES}/${programmeId}${query({ version: version ?? undefined })}`, {
        schema: programmeDetailSchema,
        signal,
      }),
    enabled: version !== null,
  });
}

export function useProgrammeDiff(programmeId: string, from: number | null, to: number | null) {
  return useQuery({
    queryKey: [...FUNDING_SETUP_KEY, 'programme', programmeId, 'diff', from, to],
    queryFn: ({ signal }) =>
      requestJson('GET', `${PROGRAMMES}/${programmeId}/diff${query({ from: from ?? 0, to: to ?? 0 })}`, {
        schema: programmeDiffSchema,
        signal,
      }),
    enabled: from !== null && to !== null && from !== to,
  });
}

export function useCreateVersion(programmeId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { body: CreateProgrammeVersion; version: number }) =>
      requestJson('POST', `${PROGRAMMES}/${programmeId}/versions`, {
        body: input.body,
        headers: { 'if-match': `"${input.version}"` },
        schema: programmeDetailSchema,
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: FUNDING_SETUP_KEY }),
  });
}

// --- State budgets and allocation ----------------------------------------------------------------------------

export function useStateBudgets(filter: { programmeId?: string; budgetYear?: number }, enabled = true) {
  return useQuery({
    queryKey: [...FUNDING_SETUP_KEY, 'budgets', filter],
    queryFn: ({ signal }) =>
      requestJson('GET', `${BUDGETS}${query(filter)}`, { schema: stateBudgetListSchema, signal }),
    enabled,
  });
}

const budgetPath = (budgetId: string) => `${BUDGETS}/${budgetId}`;

/** Enters a state budget, or changes the one that exists (If-Match with its version). */
export function useSetStateBudget() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateStateBudget & { existing: { id: string; version: number } | null }) => {
      const { existing, ...body } = input;
      return existing
        ? requestJson('PUT', budgetPath(existing.id), {
            body: { amountCents: body.amountCents },
            headers: { 'if-match': `"${existing.version}"` },
            schema: stateBudgetDetailSchema,
          })
        : requestJson('POST', BUDGETS, {
            body,
            headers: { 'idempotency-key': crypto.randomUUID() },
            schema: stateBudgetDetailSchema,
          });
    },
    onSuccess: () => client.invalidateQueries({ queryKey: FUNDING_SETUP_KEY }),
  });
}

export function usePreviewAllocation() {
  return useMutation({
    mutationFn: (input: { budgetId: string; request: AllocationRequest }) =>
      requestJson('POST', `${budgetPath(input.budgetId)}/allocation-preview`, {
        body: input.request,
        schema: allocationPreviewSchema,
      }),
  });
}

export function useApplyAllocation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { budgetId: string; request: AllocationRequest }) =>
      requestJson('POST', `${budgetPath(input.budgetId)}/allocation`, {
        body: input.request,
        headers: { 'idempotency-key': crypto.randomUUID() },
        schema: stateBudgetDetailSchema,
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: FUNDING_SETUP_KEY }),
  });
}

export function useAllocations(filter: { programmeId?: string; budgetYear?: number }, enabled = true) {
  return useQuery({
    queryKey: [...FUNDING_SETUP_KEY, 'allocations', filter],
    queryFn: ({ signal }) =>
      requestJson('GET', `${BUDGETS}/allocations${query(filter)}`, { schema: allocationListSchema, signal }),
    enabled,
  });
}

// --- Keys and population figures -----------------------------------------------------------------------------

export function useAllocationKeys(enabled = true) {
  return useQuery({
    queryKey: [...FUNDING_SETUP_KEY, 'keys'],
    queryFn: ({ signal }) => requestJson('GET', `${BUDGETS}/keys`, { schema: allocationKeyListSchema, signal }),
    enabled,
  });
}

export function useCreateKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateAllocationKey) =>
      requestJson('POST', `${BUDGETS}/keys`, {
        body,
        headers: { 'idempotency-key': crypto.randomUUID() },
        schema: allocationKeySchema,
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: [...FUNDING_SETUP_KEY, 'keys'] }),
  });
}

export function usePopulation(referenceDate: string | undefined, enabled = true) {
  return useQuery({
    queryKey: [...FUNDING_SETUP_KEY, 'population', referenceDate ?? null],
    queryFn: ({ signal }) =>
      requestJson('GET', `${BUDGETS}/target-population${query({ referenceDate })}`, {
        schema: populationSchema,
        signal,
      }),
    enabled,
  });
}

export function useEnterPopulation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CreatePopulation) =>
      requestJson('POST', `${BUDGETS}/target-population`, {
        body,
        headers: { 'idempotency-key': crypto.randomUUID() },
        schema: populationSchema,
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: [...FUNDING_SETUP_KEY, 'population'] }),
  });
}

// --- Dashboard ------------------------------------------------------------------------------------------------

export function useDashboard(filter: DashboardQuery, enabled = true) {
  return useQuery({
    queryKey: [...FUNDING_SETUP_KEY, 'dashboard', filter],
    queryFn: ({ signal }) =>
      requestJson('GET', `/api/v1/funding/dashboard${query(filter)}`, { schema: dashboardSchema, signal }),
    enabled,
  });
}
