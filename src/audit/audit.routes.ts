import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import '../access/route-access.ts';
import { problemSchema } from '../platform/http/problem.ts';
import { requestMeta } from '../platform/http/request-meta.ts';
import { auditLogPageSchema, auditLogQuerySchema } from './audit.schema.ts';
import type { AuditService } from './audit.service.ts';

export const auditRoutes: FastifyPluginAsyncZod<{ service: AuditService }> = async (app, { service }) => {
  app.get(
    '/api/v1/audit-log',
    {
      config: { access: { action: 'read', resource: 'audit_log' } },
      schema: {
        tags: ['audit'],
        summary: 'Search the audit log (newest first); the search itself is recorded',
        description:
          "Municipal administrators search their municipality's chain, system administrators the system chain. " +
          'Keyset pagination: pass nextCursor as cursor for the next (older) page.',
        querystring: auditLogQuerySchema,
        response: { 200: auditLogPageSchema, 400: problemSchema, 401: problemSchema, 403: problemSchema },
      },
    },
    async (request) => service.search(request.actor, request.query, requestMeta(request)),
  );
};
