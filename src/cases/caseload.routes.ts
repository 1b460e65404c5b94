// Views over cases: my caseload and a participant's timeline.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import '../access/route-access.ts';
import { problemSchema } from '../platform/http/problem.ts';
import { requestMeta } from '../platform/http/request-meta.ts';
import { participantCasesParamsSchema } from './case.schema.ts';
import { caseloadPageSchema, caseloadQuerySchema, timelinePageSchema, timelineQuerySchema } from './caseload.schema.ts';
import type { CaseloadService } from './caseload.service.ts';

const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };

export const caseloadRoutes: FastifyPluginAsyncZod<{ caseload: CaseloadService }> = async (app, { caseload }) => {
  app.get(
    '/api/v1/caseload',
    {
      config: { access: { action: 'read', resource: 'case' } },
      schema: {
        tags: ['cases'],
        summary: 'My caseload: due steps, lost eligibility and follow-ups due, per case',
        querystring: caseloadQuerySchema,
        response: { 200: caseloadPageSchema, ...errors },
      },
    },
    async (request) => caseload.caseload(request.actor, request.query, requestMeta(request)),
  );

  app.get(
    '/api/v1/participants/:participantId/timeline',
    {
      config: { access: { action: 'read', resource: 'participant' } },
      schema: {
        tags: ['cases'],
        summary: 'Everything that happened to a participant, newest first',
        params: participantCasesParamsSchema,
        querystring: timelineQuerySchema,
        response: { 200: timelinePageSchema, ...errors },
      },
    },
    async (request) =>
      caseload.timeline(request.actor, request.params.participantId, request.query, requestMeta(request)),
  );
};
