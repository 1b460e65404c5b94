// The funding dashboard: budget, committed, paid and remaining; cost per participant and per transition.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import '../access/route-access.ts';
import { problemSchema } from '../platform/http/problem.ts';
import { requestMeta } from '../platform/http/request-meta.ts';
import type { DashboardService } from './dashboard.service.ts';
import { dashboardQuerySchema, dashboardSchema } from './dashboard.schema.ts';

export const dashboardRoutes: FastifyPluginAsyncZod<{ dashboard: DashboardService }> = async (app, { dashboard }) => {
  app.get(
    '/api/v1/funding/dashboard',
    {
      config: { access: { action: 'read', resource: 'budget' } },
      schema: {
        tags: ['funding'],
        summary:
          'Budget committed / paid / remaining per programme, year, strand and municipality, and cost per ' +
          'participant and per successful transition (counts of people under disclosure control)',
        querystring: dashboardQuerySchema,
        response: { 200: dashboardSchema, 400: problemSchema, 401: problemSchema, 403: problemSchema },
      },
    },
    async (request) => dashboard.dashboard(request.actor, request.query, requestMeta(request)),
  );
};
