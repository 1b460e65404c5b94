import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { problemSchema } from '../platform/http/problem.ts';
import { permissions, roles, seesParticipantData } from './access.rules.ts';
import { permissionTableSchema } from './access.schema.ts';
import './route-access.ts';

export const accessRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/permissions',
    {
      config: { access: { action: 'read', resource: 'permission' } },
      schema: {
        tags: ['access'],
        summary: 'The permission table: which role may do what, and how far',
        response: { 200: permissionTableSchema, 401: problemSchema, 403: problemSchema },
      },
    },
    async () => ({
      roles: roles.map((role) => ({ role, requiresSecondFactor: seesParticipantData(role) })),
      permissions: [...permissions],
    }),
  );
};
