// Participant imports for the upload page: POST the CSV file as the body (text/csv, at most 20 MiB), then follow
// the import's status and progress with GET. Who may create participants may import them.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import '../access/route-access.ts';
import { AppError } from '../platform/errors.ts';
import { problemSchema } from '../platform/http/problem.ts';
import { requestMeta } from '../platform/http/request-meta.ts';
import {
  importIdParamsSchema,
  listImportsQuerySchema,
  participantImportPageSchema,
  participantImportSchema,
  startImportQuerySchema,
} from './participant-import.schema.ts';
import type { ParticipantImportService } from './participant-import.service.ts';

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema };

export const participantImportRoutes: FastifyPluginAsyncZod<{ service: ParticipantImportService }> = async (
  app,
  { service },
) => {
  // The file travels as the raw body; only this plugin's routes accept CSV.
  app.addContentTypeParser(
    ['text/csv', 'application/csv'],
    { parseAs: 'buffer', bodyLimit: MAX_IMPORT_BYTES },
    (_request, body, done) => {
      done(null, body);
    },
  );
  app.addHook('onClose', async () => service.idle());

  app.post(
    '/api/v1/participant-imports',
    {
      bodyLimit: MAX_IMPORT_BYTES,
      config: { access: { action: 'create', resource: 'participant' }, idempotency: 'optional' },
      schema: {
        tags: ['participants'],
        summary:
          'Import participants from a CSV file (body: text/csv, UTF-8, ";" or ","; at most 20 MiB). Validates every row ' +
          'first, then imports in the background; follow the progress with GET /api/v1/participant-imports/{id}',
        consumes: ['text/csv'],
        querystring: startImportQuerySchema,
        response: { 202: participantImportSchema, ...errors, 413: problemSchema, 415: problemSchema },
      },
    },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) {
        throw new AppError('unsupported_media_type', 'Send the file as the request body with Content-Type: text/csv.');
      }
      const created = await service.start(
        request.actor,
        { fileName: request.query.fileName, skipInvalid: request.query.skipInvalid, content: request.body },
        requestMeta(request),
      );
      return reply.code(202).header('location', `/api/v1/participant-imports/${created.id}`).send(created);
    },
  );

  app.get(
    '/api/v1/participant-imports',
    {
      config: { access: { action: 'create', resource: 'participant' } },
      schema: {
        tags: ['participants'],
        summary: 'Imports of the municipality, newest first',
        querystring: listImportsQuerySchema,
        response: { 200: participantImportPageSchema, ...errors },
      },
    },
    async (request) => service.list(request.actor, request.query, requestMeta(request)),
  );

  app.get(
    '/api/v1/participant-imports/:id',
    {
      config: { access: { action: 'create', resource: 'participant' } },
      schema: {
        tags: ['participants'],
        summary: 'One import: status, progress and every problem (row and column, never a cell value)',
        params: importIdParamsSchema,
        response: { 200: participantImportSchema, ...errors },
      },
    },
    async (request) => service.get(request.actor, request.params.id, requestMeta(request)),
  );
};
