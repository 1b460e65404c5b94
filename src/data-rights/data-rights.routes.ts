import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import '../access/route-access.ts';
import { requireRecentAuthentication } from '../accounts/step-up.ts';
import { requireIfMatch, setEtag } from '../platform/http/concurrency.ts';
import { problemSchema } from '../platform/http/problem.ts';
import { requestMeta } from '../platform/http/request-meta.ts';
import {
  dataSubjectParamsSchema,
  deleteParticipantSchema,
  deletionResultSchema,
  exportQuerySchema,
  participantExportSchema,
  retentionPolicySchema,
  updateRetentionPolicySchema,
} from './data-rights.schema.ts';
import type { ErasureService } from './erasure.service.ts';
import { renderExportPdf } from './export-pdf.ts';
import type { ExportService } from './export.service.ts';
import type { RetentionService } from './retention.service.ts';

const errors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
};

export interface DataRightsServices {
  exports: ExportService;
  erasure: ErasureService;
  retention: RetentionService;
}

function downloadName(number: string, generatedAt: string, extension: string): string {
  const safe = number.replace(/[^A-Za-z0-9-]/g, '');
  return `auskunft-${safe}-${generatedAt.slice(0, 10)}.${extension}`;
}

export const dataRightsRoutes: FastifyPluginAsyncZod<DataRightsServices> = async (app, services) => {
  app.get(
    '/api/v1/participants/:id/export',
    {
      config: { access: { action: 'export', resource: 'participant' } },
      schema: {
        tags: ['data rights'],
        summary: 'Access report (Art. 15 GDPR): all data of one participant as JSON or PDF (step-up required)',
        description:
          'format=json (default) returns the complete record, documents included (base64); format=pdf returns ' +
          'the same as a readable German report (application/pdf) with the documents attached.',
        params: dataSubjectParamsSchema,
        querystring: exportQuerySchema,
        response: {
          200: {
            description: 'The access report: JSON (format=json) or a PDF document (format=pdf)',
            content: {
              'application/json': { schema: participantExportSchema },
              'application/pdf': { schema: z.string().meta({ format: 'binary' }) },
            },
          },
          ...errors,
        },
      },
    },
    async (request, reply) => {
      requireRecentAuthentication(request);
      const { format } = request.query;
      const report = await services.exports.exportParticipant(
        request.actor,
        request.params.id,
        format,
        requestMeta(request),
      );
      const name = downloadName(report.dataSubject.number, report.generatedAt, format);
      reply.header('content-disposition', `attachment; filename="${name}"`);
      if (format === 'pdf') {
        const pdf = await renderExportPdf(report);
        // Bytes, not the JSON schema's shape: Fastify sends a Buffer as it is, without the serializer.
        return (reply as FastifyReply).type('application/pdf').send(pdf);
      }
      return report;
    },
  );

  app.delete(
    '/api/v1/participants/:id',
    {
      config: { access: { action: 'delete', resource: 'participant' } },
      schema: {
        tags: ['data rights'],
        summary:
          "Erase a participant on request (Art. 17 GDPR): anonymised or deleted as the municipality's deletion " +
          'class says (If-Match and step-up required)',
        params: dataSubjectParamsSchema,
        body: deleteParticipantSchema,
        response: { 200: deletionResultSchema, ...errors, 412: problemSchema, 428: problemSchema },
      },
    },
    async (request) => {
      requireRecentAuthentication(request);
      const version = requireIfMatch(request);
      return services.erasure.deleteOnRequest(
        request.actor,
        request.params.id,
        version,
        request.body.reason,
        requestMeta(request),
      );
    },
  );

  app.get(
    '/api/v1/municipality-policy/retention',
    {
      config: { access: { action: 'read', resource: 'policy' } },
      schema: {
        tags: ['data rights'],
        summary: 'Deletion classes of the active municipality (defaults where it has set none)',
        response: { 200: retentionPolicySchema, ...errors },
      },
    },
    async (request, reply) => {
      const policy = await services.retention.get(request.actor, requestMeta(request));
      setEtag(reply, policy.version);
      return policy;
    },
  );

  app.put(
    '/api/v1/municipality-policy/retention',
    {
      config: { access: { action: 'update', resource: 'policy' } },
      schema: {
        tags: ['data rights'],
        summary: 'Set the deletion classes of the active municipality (If-Match and step-up required)',
        body: updateRetentionPolicySchema,
        response: { 200: retentionPolicySchema, ...errors, 412: problemSchema, 428: problemSchema },
      },
    },
    async (request, reply) => {
      requireRecentAuthentication(request);
      const version = requireIfMatch(request);
      const policy = await services.retention.update(request.actor, version, request.body, requestMeta(request));
      setEtag(reply, policy.version);
      return policy;
    },
  );
};
