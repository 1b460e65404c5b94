// The innovation fund's API calls (FB5) for the pages: queries of calls, proposals, scores and the ranking, and
// the changes (creations with an Idempotency-Key, the rest with If-Match of the version shown).
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  callListSchema,
  callSchema,
  documentSchema,
  proposalListSchema,
  proposalSchema,
  rankingSchema,
  scoreListSchema,
  scoreSchema,
  type CallTransition,
  type CreateCall,
  type CreateProposal,
  type InnovationDocument,
} from '../../../funding/innovation.schema.ts';
import type { InnovationDocumentKind } from '../../../funding/innovation.codes.ts';
import { ProblemError, requestJson } from '../../lib/api-request.ts';

const BASE = '/api/v1/funding/innovation';
const KEY = ['innovation'] as const;

export const newIdempotencyKey = (): string => crypto.randomUUID();
const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

export function useCalls() {
  return useQuery(
    queryOptions({
      queryKey: [...KEY, 'calls'],
      queryFn: ({ signal }) => requestJson('GET', `${BASE}/calls`, { schema: callListSchema, signal }),
      retry: false,
    }),
  );
}

export function useCall(callId: string, enabled = true) {
  return useQuery({
    queryKey: [...KEY, 'call', callId],
    queryFn: ({ signal }) => requestJson('GET', `${BASE}/calls/${callId}`, { schema: callSchema, signal }),
    retry: false,
    enabled: enabled && callId !== '',
  });
}

export function useRanking(callId: string, enabled: boolean) {
  return useQuery({
    queryKey: [...KEY, 'call', callId, 'ranking'],
    queryFn: ({ signal }) => requestJson('GET', `${BASE}/calls/${callId}/ranking`, { schema: rankingSchema, signal }),
    retry: false,
    enabled,
  });
}

export function useProposals(callId: string | undefined) {
  const query = callId ? `?callId=${encodeURIComponent(callId)}` : '';
  return useQuery({
    queryKey: [...KEY, 'proposals', callId ?? 'all'],
    queryFn: ({ signal }) => requestJson('GET', `${BASE}/proposals${query}`, { schema: proposalListSchema, signal }),
    retry: false,
  });
}

export function useProposal(proposalId: string) {
  return useQuery({
    queryKey: [...KEY, 'proposal', proposalId],
    queryFn: ({ signal }) => requestJson('GET', `${BASE}/proposals/${proposalId}`, { schema: proposalSchema, signal }),
    retry: false,
  });
}

export function useMyScores(proposalId: string, enabled: boolean) {
  return useQuery({
    queryKey: [...KEY, 'proposal', proposalId, 'scores'],
    queryFn: ({ signal }) =>
      requestJson('GET', `${BASE}/proposals/${proposalId}/scores`, { schema: scoreListSchema, signal }),
    retry: false,
    enabled,
  });
}

/** After any change every innovation query may be stale (statuses, rankings, the cap). */
function useRefresh() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: KEY });
}

export function useCreateCall() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: CreateCall; idempotencyKey: string }) =>
      requestJson('POST', `${BASE}/calls`, {
        body,
        schema: callSchema,
        headers: { 'idempotency-key': idempotencyKey },
      }),
    onSuccess: refresh,
  });
}

export function useCallTransition(callId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ status, version }: { status: CallTransition['status']; version: number }) =>
      requestJson('POST', `${BASE}/calls/${callId}/status`, {
        body: { status },
        schema: callSchema,
        headers: ifMatch(version),
      }),
    onSuccess: refresh,
  });
}

export function useCreateProposal() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: CreateProposal; idempotencyKey: string }) =>
      requestJson('POST', `${BASE}/proposals`, {
        body,
        schema: proposalSchema,
        headers: { 'idempotency-key': idempotencyKey },
      }),
    onSuccess: refresh,
  });
}

/** submit, withdraw (the proposer) and select (the authority): a state change named by If-Match. */
export function useProposalAction(proposalId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ action, version }: { action: 'submit' | 'withdraw' | 'select'; version: number }) =>
      requestJson('POST', `${BASE}/proposals/${proposalId}/${action}`, {
        schema: proposalSchema,
        headers: ifMatch(version),
      }),
    onSuccess: refresh,
  });
}

/** Selecting from the ranking: the proposal is named per call. */
export function useSelectProposal() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ proposalId, version }: { proposalId: string; version: number }) =>
      requestJson('POST', `${BASE}/proposals/${proposalId}/select`, {
        schema: proposalSchema,
        headers: ifMatch(version),
      }),
    onSuccess: refresh,
  });
}

export function useSaveScore(proposalId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (input: { criterion: string; score: number; comment: string; version: number | null }) =>
      input.version === null
        ? requestJson('POST', `${BASE}/proposals/${proposalId}/scores`, {
            body: { criterion: input.criterion, score: input.score, comment: input.comment },
            schema: scoreSchema,
            headers: { 'idempotency-key': newIdempotencyKey() },
          })
        : requestJson('PATCH', `${BASE}/proposals/${proposalId}/scores/${input.criterion}`, {
            body: { score: input.score, comment: input.comment },
            schema: scoreSchema,
            headers: ifMatch(input.version),
          }),
    onSuccess: refresh,
  });
}

/** Where the browser downloads a document (an attachment; the server audits the read). */
export function documentContentPath(proposalId: string, documentId: string): string {
  return `${BASE}/proposals/${proposalId}/documents/${documentId}/content`;
}

const problemSchema = z.object({
  title: z.string().optional(),
  detail: z.string().optional(),
  code: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), code: z.string(), message: z.string() })).optional(),
});

export interface DocumentUpload {
  title: string;
  kind: InnovationDocumentKind;
  file: File;
}

/** Uploads as multipart/form-data (title and kind first, then the file, as the server reads them in order). */
async function uploadDocument(
  proposalId: string,
  upload: DocumentUpload,
  idempotencyKey: string,
): Promise<InnovationDocument> {
  const form = new FormData();
  form.append('title', upload.title);
  form.append('kind', upload.kind);
  form.append('file', upload.file, upload.file.name);
  const response = await fetch(`${BASE}/proposals/${proposalId}/documents`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { accept: 'application/json', 'idempotency-key': idempotencyKey },
    body: form,
  });
  if (!response.ok) {
    let body: unknown = {};
    try {
      body = await response.json();
    } catch {
      // A proxy's HTML error page (e.g. 413 before the app) still yields the status.
    }
    const parsed = problemSchema.safeParse(body);
    throw new ProblemError(
      response.status,
      parsed.success ? parsed.data : { code: response.status === 413 ? 'payload_too_large' : undefined },
      undefined,
    );
  }
  return documentSchema.parse(await response.json());
}

export function useUploadDocument(proposalId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (upload: DocumentUpload) => uploadDocument(proposalId, upload, newIdempotencyKey()),
    onSuccess: refresh,
  });
}

export function useDeleteDocument(proposalId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (documentId: string) =>
      requestJson('DELETE', `${BASE}/proposals/${proposalId}/documents/${documentId}`),
    onSuccess: refresh,
  });
}
