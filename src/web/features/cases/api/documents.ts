import { infiniteQueryOptions, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { documentPageSchema, documentSchema, type CaseDocument } from '../../../../cases/case-work.schema.ts';
import type { DocumentKind } from '../../../../cases/case.codes.ts';
import { ProblemError, requestJson } from '../../../lib/api-request.ts';
import { caseKey, casePath, listPath, refreshCase } from './case-keys.ts';

const PAGE_SIZE = 20;

export function documentsQueryOptions(caseId: string) {
  return infiniteQueryOptions({
    queryKey: [...caseKey(caseId), 'documents'],
    queryFn: ({ pageParam, signal }) =>
      requestJson('GET', listPath(casePath(caseId, 'documents'), { sort: '-createdAt' }, pageParam, PAGE_SIZE), {
        schema: documentPageSchema,
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    retry: false,
  });
}

export function useDocuments(caseId: string) {
  return useInfiniteQuery(documentsQueryOptions(caseId));
}

/** Where the browser downloads a document (an attachment; the server audits the read). */
export function documentContentPath(caseId: string, documentId: string): string {
  return casePath(caseId, 'documents', documentId, 'content');
}

const problemSchema = z.object({
  title: z.string().optional(),
  detail: z.string().optional(),
  code: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), code: z.string(), message: z.string() })).optional(),
});

export interface DocumentUpload {
  title: string;
  kind: DocumentKind;
  file: File;
}

/**
 * Uploads as multipart/form-data (title and kind first, then the file, as the server reads them in order).
 * Failures become the same ProblemError as every other call.
 */
export async function uploadDocument(
  caseId: string,
  upload: DocumentUpload,
  idempotencyKey: string,
): Promise<CaseDocument> {
  const form = new FormData();
  form.append('title', upload.title);
  form.append('kind', upload.kind);
  form.append('file', upload.file, upload.file.name);
  const response = await fetch(casePath(caseId, 'documents'), {
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

export function deleteDocument(caseId: string, documentId: string): Promise<undefined> {
  return requestJson('DELETE', casePath(caseId, 'documents', documentId));
}

export function useUploadDocument(caseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ upload, idempotencyKey }: { upload: DocumentUpload; idempotencyKey: string }) =>
      uploadDocument(caseId, upload, idempotencyKey),
    onSuccess: () => refreshCase(queryClient, caseId),
  });
}

export function useDeleteDocument(caseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (documentId: string) => deleteDocument(caseId, documentId),
    onSuccess: () => refreshCase(queryClient, caseId),
  });
}
