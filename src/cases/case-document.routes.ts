// Documents of a case: upload (multipart/form-data with the fields title, kind and one part "file", at most
// 10 MiB), list, download (attachment, audited) and delete. Multipart parsing is registered in this plugin only.
import { createHash } from 'node:crypto';
import multipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import '../access/route-access.ts';
import { AppError, type FieldError } from '../platform/errors.ts';
import { problemSchema } from '../platform/http/problem.ts';
import { requestMeta } from '../platform/http/request-meta.ts';
import { attachmentDisposition, documentContentTypes, MAX_DOCUMENT_BYTES } from './case-document.rules.ts';
import type { CaseDocumentService, DocumentDownload, UploadedFile } from './case-document.service.ts';
import {
  documentPageSchema,
  documentParamsSchema,
  documentSchema,
  documentUploadFieldsSchema,
  documentUploadSchema,
  listDocumentsQuerySchema,
  type DocumentUploadFields,
} from './case-work.schema.ts';
import { caseIdParamsSchema } from './case.schema.ts';

const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema };

/** The OpenAPI answer of a download: the bytes as stored, in the document's own content type (not JSON). */
export const documentFileResponse = {
  description: 'The file',
  content: Object.fromEntries(
    documentContentTypes.map((type) => [type, { schema: z.string().meta({ format: 'binary' }) }]),
  ),
};

/** Sends a stored document as an attachment with its digest; shared by every kind of stored document. */
export function sendDocumentFile(reply: FastifyReply, file: DocumentDownload): FastifyReply {
  // Bytes, not a string: Fastify sends a Buffer as it is, without the serializer.
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', attachmentDisposition(file.fileName))
    .header('content-length', String(file.sizeBytes))
    .header('repr-digest', `sha-256=:${Buffer.from(file.sha256, 'hex').toString('base64')}:`)
    .send(file.content);
}

/** The parsed upload of a request (set by the preValidation hook, read by the handler). */
const uploads = new WeakMap<FastifyRequest, { fields: DocumentUploadFields; file: UploadedFile }>();

const FIELD_NAMES = ['title', 'kind'];

/** @fastify/multipart's limits for a document form: one file of at most 10 MiB and a few short fields. */
export const documentFormLimits = {
  limits: { fileSize: MAX_DOCUMENT_BYTES, files: 1, fields: 4, fieldSize: 1000, parts: 6, headerPairs: 50 },
  throwFileSizeLimit: true,
} as const;

function tooLarge(): AppError {
  const message = `A document may have at most ${MAX_DOCUMENT_BYTES / 1024 / 1024} MiB.`;
  return new AppError('payload_too_large', message, {
    fieldErrors: [{ in: 'body', field: 'file', code: 'too_large', message }],
  });
}

/** Multipart limits and protocol errors of @fastify/multipart, as our problems. */
function multipartError(error: unknown): unknown {
  const code = (error as { code?: unknown }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return tooLarge();
  // A validation failure names its fields (the API fuzzer found these two without any).
  if (code === 'FST_FILES_LIMIT') {
    const message = 'Send exactly one file per document.';
    return new AppError('validation_failed', message, {
      fieldErrors: [{ in: 'body', field: 'file', code: 'too_many_files', message }],
    });
  }
  if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
    const message = 'The form has too many fields; send title, kind and one file.';
    return new AppError('validation_failed', message, {
      fieldErrors: [{ in: 'body', field: '', code: 'too_many_parts', message }],
    });
  }
  if (error instanceof AppError) return error;
  // Anything else thrown while reading the parts is the parser refusing the body: @fastify/multipart's FST_*
  // codes, or busboy's plain errors for a truncated or malformed form ("Unexpected end of multipart data").
  return new AppError('bad_request', 'The multipart body could not be read.', { cause: error });
}

/**
 * Reads the whole form of a document upload: the fields (validated with their schema, every problem listed) and
 * the one file "file". The request body is then replaced by the fields plus the file's digest, so that an
 * Idempotency-Key replay compares the real content of the upload. Shared by every kind of stored document.
 */
export async function readDocumentForm<Fields extends object>(
  request: FastifyRequest,
  fieldsSchema: z.ZodType<Fields>,
  fieldNames: readonly string[],
): Promise<{ fields: Fields; file: UploadedFile }> {
  if (!request.isMultipart()) {
    throw new AppError('unsupported_media_type', 'Send the document as multipart/form-data (title, kind, file).');
  }
  const raw: Record<string, string> = {};
  const problems: FieldError[] = [];
  let file: UploadedFile | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.fieldname !== 'file' || file) {
          problems.push({
            in: 'body',
            field: part.fieldname,
            code: 'unexpected_file',
            message: 'send one part "file"',
          });
          continue;
        }
        file = { fileName: part.filename, contentType: part.mimetype, bytes };
      } else if (fieldNames.includes(part.fieldname) && !(part.fieldname in raw)) {
        raw[part.fieldname] = String(part.value);
      } else {
        problems.push({
          in: 'body',
          field: part.fieldname,
          code: 'unrecognized_keys',
          message: 'unknown or repeated field',
        });
      }
    }
  } catch (error) {
    throw multipartError(error);
  }
  const parsed = fieldsSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push({ in: 'body', field: issue.path.join('.'), code: issue.code, message: issue.message });
    }
  }
  if (!file) problems.push({ in: 'body', field: 'file', code: 'required', message: 'attach the file' });
  if (problems.length > 0 || !parsed.success || !file) {
    throw new AppError('validation_failed', 'The upload is not valid.', { fieldErrors: problems });
  }
  // What the route's body schema checks, and what an Idempotency-Key replay compares: the fields and the digest
  // of the file with its name and type.
  const digest = createHash('sha256').update(file.bytes).digest('hex');
  request.body = { ...parsed.data, file: `sha256:${digest}:${file.contentType}:${file.fileName}` };
  return { fields: parsed.data, file };
}

async function readUpload(request: FastifyRequest): Promise<void> {
  uploads.set(request, await readDocumentForm(request, documentUploadFieldsSchema, FIELD_NAMES));
}

export const caseDocumentRoutes: FastifyPluginAsyncZod<{ documents: CaseDocumentService }> = async (
  app,
  { documents },
) => {
  await app.register(multipart, documentFormLimits);

  app.post(
    '/api/v1/cases/:id/documents',
    {
      config: { access: { action: 'update', resource: 'case' }, idempotency: 'optional' },
      preValidation: async (request) => readUpload(request),
      schema: {
        tags: ['cases'],
        summary: `Upload a document (multipart/form-data: title, kind, file; at most 10 MiB; ${documentContentTypes.join(', ')})`,
        consumes: ['multipart/form-data'],
        params: caseIdParamsSchema,
        body: documentUploadSchema,
        response: { 201: documentSchema, ...errors, 413: problemSchema, 415: problemSchema },
      },
    },
    async (request, reply) => {
      const upload = uploads.get(request);
      if (!upload) throw new AppError('bad_request', 'The upload could not be read.');
      const created = await documents.upload(
        request.actor,
        request.params.id,
        upload.fields,
        upload.file,
        requestMeta(request),
      );
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/api/v1/cases/:id/documents',
    {
      config: { access: { action: 'read', resource: 'case' } },
      schema: {
        tags: ['cases'],
        summary: 'The documents of a case (without their content)',
        params: caseIdParamsSchema,
        querystring: listDocumentsQuerySchema,
        response: { 200: documentPageSchema, ...errors },
      },
    },
    async (request) => documents.list(request.actor, request.params.id, request.query, requestMeta(request)),
  );

  app.get(
    '/api/v1/cases/:id/documents/:documentId/content',
    {
      config: { access: { action: 'read', resource: 'case' } },
      schema: {
        tags: ['cases'],
        summary: 'Download a document (as an attachment; the read is audited)',
        params: documentParamsSchema,
        // The bytes as stored, in the document's own content type (not JSON).
        response: { 200: documentFileResponse, ...errors },
      },
    },
    async (request, reply) => {
      const file = await documents.download(
        request.actor,
        request.params.id,
        request.params.documentId,
        requestMeta(request),
      );
      return sendDocumentFile(reply, file);
    },
  );

  app.delete(
    '/api/v1/cases/:id/documents/:documentId',
    {
      config: { access: { action: 'update', resource: 'case' } },
      schema: {
        tags: ['cases'],
        summary: 'Delete a document (audited)',
        params: documentParamsSchema,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await documents.remove(request.actor, request.params.id, request.params.documentId, requestMeta(request));
      return reply.code(204).send(null);
    },
  );
};
