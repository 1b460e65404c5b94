import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import '../access/route-access.ts';
import { requireIfMatch, setEtag } from '../platform/http/concurrency.ts';
import { problemSchema } from '../platform/http/problem.ts';
import { requestMeta } from '../platform/http/request-meta.ts';
import {
  createOrganisationSchema,
  createTeamSchema,
  listOrganisationsQuerySchema,
  organisationIdParamsSchema,
  organisationPageSchema,
  organisationSchema,
  teamSchema,
  updateOrganisationSchema,
} from './organisation.schema.ts';
import type { OrganisationService } from './organisation.service.ts';

const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema };

export const organisationRoutes: FastifyPluginAsyncZod<{ service: OrganisationService }> = async (app, { service }) => {
  app.get(
    '/api/v1/organisations',
    {
      config: { access: { action: 'read', resource: 'organisation' } },
      schema: {
        tags: ['organisations'],
        summary: 'List and search organisations',
        querystring: listOrganisationsQuerySchema,
        response: { 200: organisationPageSchema, ...errors },
      },
    },
    async (request) => service.list(request.actor, request.query, requestMeta(request)),
  );

  app.post(
    '/api/v1/organisations',
    {
      config: { access: { action: 'create', resource: 'organisation' }, idempotency: 'optional' },
      schema: {
        tags: ['organisations'],
        summary: 'Create an organisation',
        body: createOrganisationSchema,
        response: { 201: organisationSchema, ...errors },
      },
    },
    async (request, reply) => {
      const created = await service.create(request.actor, request.body, requestMeta(request));
      setEtag(reply, created.version);
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/api/v1/organisations/:id',
    {
      config: { access: { action: 'read', resource: 'organisation' } },
      schema: {
        tags: ['organisations'],
        summary: 'One organisation',
        params: organisationIdParamsSchema,
        response: { 200: organisationSchema, ...errors },
      },
    },
    async (request, reply) => {
      const organisation = await service.get(request.actor, request.params.id, requestMeta(request));
      setEtag(reply, organisation.version);
      return organisation;
    },
  );

  app.patch(
    '/api/v1/organisations/:id',
    {
      config: { access: { action: 'update', resource: 'organisation' } },
      schema: {
        tags: ['organisations'],
        summary: 'Change an organisation (If-Match required)',
        params: organisationIdParamsSchema,
        body: updateOrganisationSchema,
        response: { 200: organisationSchema, ...errors, 412: problemSchema, 428: problemSchema },
      },
    },
    async (request, reply) => {
      const version = requireIfMatch(request);
      const updated = await service.update(
        request.actor,
        request.params.id,
        version,
        request.body,
        requestMeta(request),
      );
      setEtag(reply, updated.version);
      return updated;
    },
  );

  app.get(
    '/api/v1/municipalities/:id/teams',
    {
      config: { access: { action: 'read', resource: 'team' } },
      schema: {
        tags: ['organisations'],
        summary: 'Teams of a municipality',
        params: organisationIdParamsSchema,
        response: { 200: z.array(teamSchema), ...errors },
      },
    },
    async (request) => service.listTeams(request.actor, request.params.id, requestMeta(request)),
  );

  app.post(
    '/api/v1/municipalities/:id/teams',
    {
      config: { access: { action: 'create', resource: 'team' }, idempotency: 'optional' },
      schema: {
        tags: ['organisations'],
        summary: 'Create a team in a municipality',
        params: organisationIdParamsSchema,
        body: createTeamSchema,
        response: { 201: teamSchema, ...errors },
      },
    },
    async (request, reply) => {
      const team = await service.createTeam(request.actor, request.params.id, request.body.name, requestMeta(request));
      return reply.code(201).send(team);
    },
  );
};
