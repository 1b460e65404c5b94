// Documents of a case (consent forms, certificates, residence documents, CVs, letters), stored in the database.
// Uploads are checked against an allow-list of formats by their content; every download is an audited read,
// every deletion an audited write. Exited cases still accept documents (the follow-up brings certificates).
import { createHash } from 'node:crypto';
import type { Actor } from '../access/access.rules.ts';
import { AppError, type FieldError } from '../platform/errors.ts';
import { parseSort, readCursor, toPage } from '../platform/http/listing.ts';
import {
  caseContext,
  filterNames,
  readCasePart,
  writeCasePart,
  type CaseServiceOptions,
  type RequestMeta,
} from './case.context.ts';
import {
  baseContentType,
  cleanFileName,
  documentFormats,
  documentProblems,
  MAX_DOCUMENT_BYTES,
  type DocumentProblem,
} from './case-document.rules.ts';
import { presentDocument } from './case.presenter.ts';
import {
  deleteDocument,
  findDocument,
  insertDocument,
  isConsentDocument,
  listDocuments,
  readDocumentContent,
} from './case-document.repository.ts';
import type { CaseDocument, DocumentPage, DocumentUploadFields, ListDocumentsQuery } from './case-work.schema.ts';

export interface UploadedFile {
  fileName: string;
  contentType: string;
  bytes: Buffer;
}

export interface DocumentDownload {
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  content: Buffer;
}

const allowed = Object.values(documentFormats)
  .map((format) => format.label)
  .join(', ');

const problemMessages: Record<DocumentProblem, string> = {
  empty: 'the file is empty',
  too_large: `the file is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MiB`,
  type_not_allowed: `only these formats are accepted: ${allowed}`,
  extension_mismatch: 'the file name does not end with an extension of its format',
  content_mismatch: 'the content of the file does not match its format',
};

function fileError(code: string, message: string): FieldError {
  return { in: 'body', field: 'file', code, message };
}

/**
 * The checked upload: its clean name, media type and digest; or its problems (413 too large, 415 a format not
 * allowed, 400 the rest). Shared by every kind of stored document (also the innovation fund's proposals).
 */
export function checkedUpload(file: UploadedFile): { fileName: string; contentType: string; sha256: string } {
  const fileName = cleanFileName(file.fileName);
  const problems = documentProblems({ ...file, fileName: fileName ?? '' });
  if (problems.includes('too_large')) {
    throw new AppError('payload_too_large', problemMessages.too_large, {
      fieldErrors: [fileError('too_large', problemMessages.too_large)],
    });
  }
  if (problems.includes('type_not_allowed')) {
    throw new AppError('unsupported_media_type', problemMessages.type_not_allowed, {
      fieldErrors: [fileError('type_not_allowed', problemMessages.type_not_allowed)],
    });
  }
  const fieldErrors = problems.map((problem) => fileError(problem, problemMessages[problem]));
  if (fileName === null) fieldErrors.push(fileError('file_name_missing', 'the file has no usable name'));
  if (fieldErrors.length > 0 || fileName === null) {
    throw new AppError('validation_failed', 'The document is not valid.', { fieldErrors });
  }
  return {
    fileName,
    contentType: baseContentType(file.contentType),
    sha256: createHash('sha256').update(file.bytes).digest('hex'),
  };
}

export function createCaseDocumentService(options: CaseServiceOptions) {
  const ctx = caseContext(options);

  return {
    async upload(
      actor: Actor | null,
      caseId: string,
      fields: DocumentUploadFields,
      file: UploadedFile,
      meta: RequestMeta,
    ): Promise<CaseDocument> {
      const { fileName, contentType, sha256 } = checkedUpload(file);
      return writeCasePart<CaseDocument>(ctx, actor, caseId, 'document', meta, async (trx, record, who) => {
        const id = await insertDocument(trx, {
          municipality_id: record.row.municipality_id,
          case_id: caseId,
          participant_id: record.row.participant_id,
          created_by: who.userId,
          title: fields.title,
          kind: fields.kind,
          file_name: fileName,
          content_type: contentType,
          size_bytes: file.bytes.byteLength,
          sha256,
          content: file.bytes,
        });
        const row = await findDocument(trx, caseId, id);
        if (!row) throw new Error('document vanished in its own transaction');
        return {
          result: presentDocument(row),
          action: 'create',
          changedFields: ['document.title', 'document.kind', 'document.file'],
          partId: id,
        };
      });
    },

    async list(actor: Actor | null, caseId: string, query: ListDocumentsQuery, meta: RequestMeta) {
      const order = parseSort(query.sort);
      const position = readCursor(query.cursor, query.sort);
      return readCasePart<DocumentPage>(ctx, actor, caseId, meta, async (trx) => {
        const rows = await listDocuments(trx, caseId, { kind: query.kind }, order.field, {
          direction: order.direction,
          after: position,
          limit: query.limit + 1,
        });
        const page = toPage(
          rows,
          query.limit,
          query.sort,
          (row) => ({
            value: row.sort_key,
            id: row.id,
          }),
          ({ sort_key: _sortKey, ...row }) => presentDocument(row),
        );
        return {
          result: page,
          details: { view: 'documents', count: page.items.length, filters: filterNames(query, ['kind']) },
        };
      });
    },

    /** The file itself; the read is audited with the document's id. */
    async download(
      actor: Actor | null,
      caseId: string,
      documentId: string,
      meta: RequestMeta,
    ): Promise<DocumentDownload> {
      return readCasePart<DocumentDownload>(ctx, actor, caseId, meta, async (trx) => {
        const row = await findDocument(trx, caseId, documentId);
        const content = row ? await readDocumentContent(trx, caseId, documentId) : undefined;
        if (!row || !content) throw new AppError('not_found', 'No such document in this case.');
        return {
          result: {
            fileName: row.file_name,
            contentType: row.content_type,
            sizeBytes: row.size_bytes,
            sha256: row.sha256,
            content,
          },
          details: { view: 'document_content', partId: documentId },
        };
      });
    },

    async remove(actor: Actor | null, caseId: string, documentId: string, meta: RequestMeta): Promise<void> {
      await writeCasePart<null>(ctx, actor, caseId, 'document', meta, async (trx) => {
        if (!(await findDocument(trx, caseId, documentId))) {
          throw new AppError('not_found', 'No such document in this case.');
        }
        if (await isConsentDocument(trx, documentId)) {
          throw new AppError('conflict', 'This document is the signed form of a consent and stays with it.');
        }
        if (!(await deleteDocument(trx, caseId, documentId))) {
          throw new AppError('not_found', 'No such document in this case.');
        }
        return { result: null, action: 'delete', changedFields: ['document'], partId: documentId };
      });
    },
  };
}

export type CaseDocumentService = ReturnType<typeof createCaseDocumentService>;
