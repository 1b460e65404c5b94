import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import '../access/route-access.ts';
import { problemSchema } from '../platform/http/problem.ts';
import { healthSchema, readinessSchema, systemStatusSchema } from './system.schema.ts';
import type { SystemService } from './system.service.ts';

export const systemRoutes: FastifyPluginAsyncZod<{ service: SystemService }> = async (app, { service }) => {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['system'],
        summary: 'Liveness: the process is alive',
        response: { 200: healthSchema },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['system'],
        summary: 'Readiness: the database is reachable, all migrations are applied and the instance is not overloaded',
        response: { 200: readinessSchema, 503: readinessSchema },
      },
    },
    async (_request, reply) => {
      const readiness = await service.readiness();
      const body = {
        status: readiness.ready ? ('ready' as const) : ('not_ready' as const),
        checks: {
          database: readiness.database,
          migrations: readiness.migrations,
          ...(readiness.pressure ? { pressure: readiness.pressure } : {}),
        },
      };
      return reply.code(readiness.ready ? 200 : 503).send(body);
    },
  );

  app.get(
    '/api/v1/system/status',
    {
      config: { access: 'public' },
      schema: {
        tags: ['system'],
        summary: 'System status shown on the start page',
        response: { 200: systemStatusSchema, 500: problemSchema },
      },
    },
    async () => service.status(),
  );
};
