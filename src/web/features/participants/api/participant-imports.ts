// The CSV import of participants: the file is sent as it is (text/csv); the server validates every row, then
// imports in the background while the page polls the progress.
import { queryOptions, useMutation, useQuery } from '@tanstack/react-query';
import { participantImportSchema, type ParticipantImport } from '../../../../imports/participant-import.schema.ts';
import { requestJson } from '../../../lib/api-request.ts';
import { newIdempotencyKey } from './paths.ts';
import { problemOf } from './raw-problem.ts';

export const IMPORTS_PATH = '/api/v1/participant-imports';
/** The server's limit for one file. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
const POLL_MS = 1000;

export interface StartImportRequest {
  file: File;
  skipInvalid: boolean;
}

export async function startImport({ file, skipInvalid }: StartImportRequest): Promise<ParticipantImport> {
  const params = new URLSearchParams({ skipInvalid: String(skipInvalid), fileName: file.name.slice(0, 255) });
  const response = await fetch(`${IMPORTS_PATH}?${params.toString()}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { accept: 'application/json', 'content-type': 'text/csv', 'idempotency-key': newIdempotencyKey() },
    body: file,
  });
  if (!response.ok) throw await problemOf(response);
  return participantImportSchema.parse(await response.json());
}

export function useStartImport() {
  return useMutation({ mutationFn: startImport });
}

export function getImport(id: string, options: { signal?: AbortSignal } = {}): Promise<ParticipantImport> {
  return requestJson('GET', `${IMPORTS_PATH}/${encodeURIComponent(id)}`, {
    schema: participantImportSchema,
    signal: options.signal,
  });
}

/** Whether the server still works on the import (the page keeps polling). */
export function isRunning(status: ParticipantImport['status']): boolean {
  return status === 'validating' || status === 'importing';
}

/** The import's state, polled every second while it runs. */
export function useImport(id: string | null, initial?: ParticipantImport) {
  return useQuery(
    queryOptions({
      queryKey: ['participant-imports', id],
      queryFn: ({ signal }) => getImport(id ?? '', { signal }),
      enabled: id !== null,
      initialData: initial,
      retry: 1,
      refetchInterval: (query) => (query.state.data && !isRunning(query.state.data.status) ? false : POLL_MS),
    }),
  );
}
