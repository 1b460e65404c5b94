// Gap analysis (aggregate) and quality indicators (quality) routes.
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import '../access/route-access.ts';
import { attachmentDisposition } from '../cases/case-document.rules.ts';
import { problemSchema } from '../platform/http/problem.ts';
import { requestMeta } from '../platform/http/request-meta.ts';
import type { GapService } from './gap.service.ts';
import { gapExportQuerySchema, gapQuerySchema, gapTableSchema } from './gap.schema.ts';
import type { IndicatorService } from './indicator.service.ts';
import {
  indicatorQuerySchema,
  offerIndicatorsSchema,
  offerParamsSchema,
  providerIndicatorsSchema,
  providerOverviewSchema,
  providerParamsSchema,
} from './indicator.schema.ts';

const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema };

export const qualityRoutes: FastifyPluginAsyncZod<{ gaps: GapService; indicators: IndicatorService }> = async (
  app,
  { gaps, indicators },
) => {
  app.get(
    '/api/v1/gap-analysis',
    {
      config: { access: { action: 'read', resource: 'aggregate' } },
      schema: {
        tags: ['quality'],
        summary: 'Demand for offers against free seats, by offer group × place × period (unmet rows flagged)',
        querystring: gapQuerySchema,
        response: { 200: gapTableSchema, ...errors },
      },
    },
    async (request) => gaps.table(request.actor, request.query, requestMeta(request)),
  );

  app.get(
    '/api/v1/gap-analysis/export',
    {
      config: { access: { action: 'export', resource: 'aggregate' } },
      schema: {
        tags: ['quality'],
        summary: 'The gap analysis as XLSX or CSV (UTF-8 with BOM, ";"), as an attachment; audited',
        querystring: gapExportQuerySchema,
        response: {
          200: {
            description: 'The file',
            content: {
              'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
                schema: z.string().meta({ format: 'binary' }),
              },
              'text/csv': { schema: z.string().meta({ format: 'binary' }) },
            },
          },
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const file = await gaps.export(request.actor, request.query, requestMeta(request));
      // Bytes, not a string: Fastify sends a Buffer as it is, without the serializer.
      return (reply as FastifyReply)
        .header('content-type', file.contentType)
        .header('content-disposition', attachmentDisposition(file.fileName))
        .header('content-length', String(file.content.length))
        .send(file.content);
    },
  );

  app.get(
    '/api/v1/quality/providers',
    {
      config: { access: { action: 'read', resource: 'quality' } },
      schema: {
        tags: ['quality'],
        summary: "Quality indicators of every provider with offers here (provider staff: their own provider's)",
        querystring: indicatorQuerySchema,
        response: { 200: providerOverviewSchema, ...errors },
      },
    },
    async (request) => indicators.overview(request.actor, request.query),
  );

  app.get(
    '/api/v1/quality/providers/:providerId',
    {
      config: { access: { action: 'read', resource: 'quality' } },
      schema: {
        tags: ['quality'],
        summary: 'Quality indicators of a provider and of each of its offers',
        params: providerParamsSchema,
        querystring: indicatorQuerySchema,
        response: { 200: providerIndicatorsSchema, ...errors, 404: problemSchema },
      },
    },
    async (request) =>
      indicators.provider(request.actor, request.params.providerId, request.query, requestMeta(request)),
  );

  app.get(
    '/api/v1/quality/offers/:offerId',
    {
      config: { access: { action: 'read', resource: 'quality' } },
      schema: {
        tags: ['quality'],
        summary: 'Quality indicators of an offer',
        params: offerParamsSchema,
        querystring: indicatorQuerySchema,
        response: { 200: offerIndicatorsSchema, ...errors, 404: problemSchema },
      },
    },
    async (request) => indicators.offer(request.actor, request.params.offerId, request.query, requestMeta(request)),
  );
};
