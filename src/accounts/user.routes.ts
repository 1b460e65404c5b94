import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import '../access/route-access.ts';
import { requireIfMatch, setEtag } from '../platform/http/concurrency.ts';
import { problemSchema } from '../platform/http/problem.ts';
import { requestMeta } from '../platform/http/request-meta.ts';
import { requireActor } from './request-auth.ts';
import {
  assignableOrganisationsSchema,
  createdUserSchema,
  createUserRequestSchema,
  listUsersQuerySchema,
  newInvitationSchema,
  updateRolesRequestSchema,
  userIdParamsSchema,
  userPageSchema,
  userSchema,
} from './user.schema.ts';
import type { UserService } from './user.service.ts';

const errors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
  412: problemSchema,
};

/** If-Match is optional on accounts for now: when sent, a stale version is refused with 412. */
function optionalIfMatch(request: FastifyRequest): number | undefined {
  return request.headers['if-match'] === undefined ? undefined : requireIfMatch(request);
}

export const userRoutes: FastifyPluginAsyncZod<{ users: UserService }> = async (app, { users }) => {
  app.get(
    '/api/v1/users',
    {
      config: { access: { action: 'read', resource: 'user' } },
      schema: {
        tags: ['users'],
        summary: 'List and search accounts (system administrators: all; municipal administrators: their municipality)',
        querystring: listUsersQuerySchema,
        response: { 200: userPageSchema, ...errors },
      },
    },
    async (request) => users.list(requireActor(request), request.query, requestMeta(request)),
  );

  app.get(
    '/api/v1/users/assignable-organisations',
    {
      config: { access: { action: 'create', resource: 'user' } },
      schema: {
        tags: ['users'],
        summary: 'Organisations I may create accounts in, with the roles I may grant there',
        response: { 200: assignableOrganisationsSchema, ...errors },
      },
    },
    async (request) => users.assignableOrganisations(requireActor(request)),
  );

  app.post(
    '/api/v1/users',
    {
      config: { access: { action: 'create', resource: 'user' } },
      schema: {
        tags: ['users'],
        summary: 'Create an account with an invitation link or an initial password (each shown once)',
        body: createUserRequestSchema,
        response: { 201: createdUserSchema, ...errors },
      },
    },
    async (request, reply) => {
      const created = await users.create(requireActor(request), request.body, requestMeta(request));
      setEtag(reply, created.user.version);
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/api/v1/users/:id',
    {
      config: { access: { action: 'read', resource: 'user' } },
      schema: {
        tags: ['users'],
        summary: 'One account',
        params: userIdParamsSchema,
        response: { 200: userSchema, ...errors },
      },
    },
    async (request, reply) => {
      const user = await users.get(requireActor(request), request.params.id, requestMeta(request));
      setEtag(reply, user.version);
      return user;
    },
  );

  app.put(
    '/api/v1/users/:id/roles',
    {
      config: { access: { action: 'update', resource: 'user' } },
      schema: {
        tags: ['users'],
        summary: 'Replace the roles of an account (needs a sign-in of the last 5 minutes)',
        params: userIdParamsSchema,
        body: updateRolesRequestSchema,
        response: { 200: userSchema, ...errors },
      },
    },
    async (request, reply) => {
      const user = await users.updateRoles(
        requireActor(request),
        request.authSession,
        request.params.id,
        request.body.roles,
        optionalIfMatch(request),
        requestMeta(request),
      );
      setEtag(reply, user.version);
      return user;
    },
  );

  for (const [path, enabled] of [
    ['disable', false],
    ['enable', true],
  ] as const) {
    app.post(
      `/api/v1/users/:id/${path}`,
      {
        config: { access: { action: 'update', resource: 'user' } },
        schema: {
          tags: ['users'],
          summary: enabled ? 'Enable an account again' : 'Disable an account (ends all its sessions at once)',
          params: userIdParamsSchema,
          response: { 200: userSchema, ...errors },
        },
      },
      async (request, reply) => {
        const user = await users.setEnabled(
          requireActor(request),
          request.params.id,
          enabled,
          optionalIfMatch(request),
          requestMeta(request),
        );
        setEtag(reply, user.version);
        return user;
      },
    );
  }

  app.post(
    '/api/v1/users/:id/second-factor/reset',
    {
      config: { access: { action: 'update', resource: 'user' } },
      schema: {
        tags: ['users'],
        summary:
          'Reset a lost second factor: clears the authenticator and recovery codes, ends all sessions ' +
          '(needs a sign-in of the last 5 minutes; not for the own account)',
        params: userIdParamsSchema,
        response: { 200: userSchema, ...errors },
      },
    },
    async (request, reply) => {
      const user = await users.resetSecondFactor(
        requireActor(request),
        request.authSession,
        request.params.id,
        optionalIfMatch(request),
        requestMeta(request),
      );
      setEtag(reply, user.version);
      return user;
    },
  );

  app.post(
    '/api/v1/users/:id/invitation',
    {
      config: { access: { action: 'update', resource: 'user' } },
      schema: {
        tags: ['users'],
        summary: 'A new invitation link for an account not yet activated (earlier links stop working)',
        params: userIdParamsSchema,
        response: { 200: newInvitationSchema, ...errors },
      },
    },
    async (request) => users.reinvite(requireActor(request), request.params.id, requestMeta(request)),
  );
};
