// The API calls of applications and grants for the pages: queries, and changes (creations with an
// Idempotency-Key, the rest with If-Match of the version shown). Every change refreshes what it touches.
import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import {
  applicationCheckSchema,
  applicationPageSchema,
  applicationSchema,
  type Application,
  type CreateApplication,
  type CreateComment,
} from '../../../funding/application.schema.ts';
import {
  decisionProposalSchema,
  grantPageSchema,
  grantSchema,
  type Amend,
  type Decide,
} from '../../../funding/grant.schema.ts';
import { programmeListSchema } from '../../../funding/programme.schema.ts';
import { requestJson } from '../../lib/api-request.ts';

export const APPLICATIONS = '/api/v1/funding/applications';
export const GRANTS = '/api/v1/funding/grants';
const KEY = ['funding-applications'] as const;

export const newIdempotencyKey = (): string => crypto.randomUUID();
export const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

async function refresh(queryClient: QueryClient): Promise<void> {
  await queryClient.invalidateQueries({ queryKey: KEY });
}

export interface ApplicationFilters {
  status?: string;
  cursor?: string;
}

export function useApplications(filters: ApplicationFilters) {
  const params = new URLSearchParams({ limit: '50' });
  if (filters.status) params.set('status', filters.status);
  if (filters.cursor) params.set('cursor', filters.cursor);
  return useQuery({
    queryKey: [...KEY, 'list', filters],
    queryFn: ({ signal }) => requestJson('GET', `${APPLICATIONS}?${params}`, { schema: applicationPageSchema, signal }),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useApplication(id: string) {
  return useQuery({
    queryKey: [...KEY, 'application', id],
    queryFn: ({ signal }) => requestJson('GET', `${APPLICATIONS}/${id}`, { schema: applicationSchema, signal }),
    retry: false,
  });
}

export function useApplicationCheck(id: string, enabled: boolean) {
  return useQuery({
    queryKey: [...KEY, 'application', id, 'check'],
    queryFn: ({ signal }) =>
      requestJson('GET', `${APPLICATIONS}/${id}/check`, { schema: applicationCheckSchema, signal }),
    enabled,
    retry: false,
  });
}

export function useProgrammes() {
  return useQuery({
    queryKey: [...KEY, 'programmes'],
    queryFn: ({ signal }) => requestJson('GET', '/api/v1/funding/programmes', { schema: programmeListSchema, signal }),
    retry: false,
  });
}

export function useCreateApplication() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: CreateApplication; idempotencyKey: string }) =>
      requestJson('POST', APPLICATIONS, {
        body,
        schema: applicationSchema,
        headers: { 'idempotency-key': idempotencyKey },
      }),
    onSuccess: () => refresh(queryClient),
  });
}

/** The kinds of plan lines and their paths. */
export type LineSegment = 'cost-lines' | 'positions' | 'funding-sources' | 'requested-amounts';

/** Adds, changes or removes a line of the plan. */
export function useLineChange(applicationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: {
      segment: LineSegment;
      line?: { id: string; version: number };
      body?: Record<string, unknown>;
      remove?: boolean;
    }) => {
      const base = `${APPLICATIONS}/${applicationId}/${change.segment}`;
      if (!change.line) {
        return requestJson('POST', base, {
          body: change.body,
          headers: { 'idempotency-key': newIdempotencyKey() },
        });
      }
      return requestJson(change.remove ? 'DELETE' : 'PATCH', `${base}/${change.line.id}`, {
        ...(change.remove ? {} : { body: change.body }),
        headers: ifMatch(change.line.version),
      });
    },
    onSettled: () => refresh(queryClient),
  });
}

export type ApplicationStep = 'submit' | 'withdraw' | 'review' | 'return' | 'reject';

export function useApplicationStep(application: Pick<Application, 'id' | 'version'>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ step, reason }: { step: ApplicationStep; reason?: string }) =>
      requestJson('POST', `${APPLICATIONS}/${application.id}/${step}`, {
        body: reason === undefined ? {} : { reason },
        schema: applicationSchema,
        headers: ifMatch(application.version),
      }),
    onSettled: () => refresh(queryClient),
  });
}

export function useUpdateApplication(application: Pick<Application, 'id' | 'version'>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      requestJson('PATCH', `${APPLICATIONS}/${application.id}`, {
        body,
        schema: applicationSchema,
        headers: ifMatch(application.version),
      }),
    onSettled: () => refresh(queryClient),
  });
}

export function useComment(applicationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateComment) =>
      requestJson('POST', `${APPLICATIONS}/${applicationId}/comments`, {
        body,
        schema: applicationSchema,
        headers: { 'idempotency-key': newIdempotencyKey() },
      }),
    onSettled: () => refresh(queryClient),
  });
}

export function useDecisionProposal(applicationId: string, financingType: string | null, enabled: boolean) {
  const query = financingType ? `?financingType=${encodeURIComponent(financingType)}` : '';
  return useQuery({
    queryKey: [...KEY, 'application', applicationId, 'proposal', financingType],
    queryFn: ({ signal }) =>
      requestJson('GET', `${APPLICATIONS}/${applicationId}/decision-proposal${query}`, {
        schema: decisionProposalSchema,
        signal,
      }),
    enabled,
    retry: false,
  });
}

export function useDecide(application: Pick<Application, 'id' | 'version'>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Decide) =>
      requestJson('POST', `${APPLICATIONS}/${application.id}/decision`, {
        body,
        schema: grantSchema,
        headers: { ...ifMatch(application.version), 'idempotency-key': newIdempotencyKey() },
      }),
    onSettled: () => refresh(queryClient),
  });
}

export function useGrants(cursor: string | undefined) {
  const params = new URLSearchParams({ limit: '50' });
  if (cursor) params.set('cursor', cursor);
  return useQuery({
    queryKey: [...KEY, 'grants', cursor ?? ''],
    queryFn: ({ signal }) => requestJson('GET', `${GRANTS}?${params}`, { schema: grantPageSchema, signal }),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useGrant(id: string) {
  return useQuery({
    queryKey: [...KEY, 'grant', id],
    queryFn: ({ signal }) => requestJson('GET', `${GRANTS}/${id}`, { schema: grantSchema, signal }),
    retry: false,
  });
}

export function useAmend(grant: { id: string; version: number }) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Amend) =>
      requestJson('POST', `${GRANTS}/${grant.id}/decisions`, {
        body,
        schema: grantSchema,
        headers: { ...ifMatch(grant.version), 'idempotency-key': newIdempotencyKey() },
      }),
    onSettled: () => refresh(queryClient),
  });
}

/** The address of a decision's PDF. */
export function documentUrl(grantId: string, seq: number): string {
  return `${GRANTS}/${encodeURIComponent(grantId)}/document?seq=${seq}`;
}
