// The upload form's checks before sending (the server checks again, also the file's content) and the server's
// answers mapped onto the form's fields. Pure: no I/O.
import { documentKinds, type DocumentKind } from '../../../cases/case.codes.ts';
import { documentUploadFieldsSchema } from '../../../cases/case-work.schema.ts';
import { isProblem } from '../../lib/api-request.ts';
import type { DocumentUpload } from './api/documents.ts';

/** The server's limit (10 MiB). */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
/** The file types the server accepts, by extension (it checks the content too). */
export const DOCUMENT_EXTENSIONS = ['pdf', 'png', 'jpg', 'jpeg', 'docx', 'odt', 'txt'] as const;
export const DOCUMENT_ACCEPT = DOCUMENT_EXTENSIONS.map((extension) => `.${extension}`).join(',');

export type UploadField = 'title' | 'kind' | 'file';
/** Keys of cases.documents.errors (file) or cases.common.errors (title, kind). */
export type UploadProblem =
  'fileRequired' | 'tooLarge' | 'empty' | 'type' | 'required' | 'tooLong' | 'choose' | 'invalid';

export interface UploadInput {
  title: string;
  kind: DocumentKind | '';
  file: Pick<File, 'name' | 'size'> | null;
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

export function fileProblem(file: Pick<File, 'name' | 'size'> | null): UploadProblem | null {
  if (!file) return 'fileRequired';
  if (!(DOCUMENT_EXTENSIONS as readonly string[]).includes(extensionOf(file.name))) return 'type';
  if (file.size === 0) return 'empty';
  if (file.size > MAX_DOCUMENT_BYTES) return 'tooLarge';
  return null;
}

export function checkUpload<F extends Pick<File, 'name' | 'size'>>(
  input: Omit<UploadInput, 'file'> & { file: F | null },
):
  | { ok: true; upload: Omit<DocumentUpload, 'file'> & { file: F } }
  | { ok: false; problems: { field: UploadField; problem: UploadProblem }[] } {
  const problems: { field: UploadField; problem: UploadProblem }[] = [];
  const parsed = documentUploadFieldsSchema.safeParse({
    title: input.title,
    kind: input.kind === '' ? undefined : input.kind,
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (field === 'title' && !problems.some((item) => item.field === 'title')) {
        problems.push({ field: 'title', problem: issue.code === 'too_big' ? 'tooLong' : 'required' });
      }
      if (field === 'kind' && !problems.some((item) => item.field === 'kind'))
        problems.push({ field: 'kind', problem: 'choose' });
    }
  }
  const file = fileProblem(input.file);
  if (file) problems.push({ field: 'file', problem: file });
  if (problems.length > 0 || !parsed.success || !input.file) return { ok: false, problems };
  return { ok: true, upload: { title: parsed.data.title, kind: parsed.data.kind, file: input.file } };
}

const FILE_CODES: Record<string, UploadProblem> = {
  empty: 'empty',
  too_large: 'tooLarge',
  type_not_allowed: 'type',
  content_mismatch: 'type',
  extension_mismatch: 'type',
  required: 'fileRequired',
};

/** The server's refusal of an upload at the form's fields (413 and 415 are about the file). */
export function uploadProblemsFromServer(error: unknown): { field: UploadField; problem: UploadProblem }[] {
  if (isProblem(error, 'payload_too_large')) return [{ field: 'file', problem: 'tooLarge' }];
  if (isProblem(error, 'unsupported_media_type')) return [{ field: 'file', problem: 'type' }];
  if (!isProblem(error, 'validation_failed')) return [];
  const problems: { field: UploadField; problem: UploadProblem }[] = [];
  for (const item of error.fieldErrors) {
    const field = item.field.split('.')[0];
    if (field === 'file' && !problems.some((p) => p.field === 'file')) {
      problems.push({ field: 'file', problem: FILE_CODES[item.code] ?? 'type' });
    } else if (field === 'title' && !problems.some((p) => p.field === 'title')) {
      problems.push({ field: 'title', problem: item.code === 'too_big' ? 'tooLong' : 'required' });
    } else if (field === 'kind' && !problems.some((p) => p.field === 'kind')) {
      problems.push({ field: 'kind', problem: 'choose' });
    }
  }
  const order: UploadField[] = ['title', 'kind', 'file'];
  return order.flatMap((field) => problems.filter((p) => p.field === field));
}

export { documentKinds };
