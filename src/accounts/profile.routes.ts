import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import '../access/route-access.ts';
import { problemSchema } from '../platform/http/problem.ts';
import { requestMeta } from '../platform/http/request-meta.ts';
import {
  activeMunicipalityRequestSchema,
  changePasswordRequestSchema,
  confirmTotpRequestSchema,
  meSchema,
  recoveryCodesSchema,
  revokedCountSchema,
  sessionIdParamsSchema,
  sessionListSchema,
  totpEnrolmentSchema,
} from './profile.schema.ts';
import type { ProfileService } from './profile.service.ts';
import { requireActor, requireSession } from './request-auth.ts';
import { clearSessionCookie, setSessionCookie } from './session-cookie.ts';

const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 429: problemSchema };

export const profileRoutes: FastifyPluginAsyncZod<{ profile: ProfileService }> = async (app, { profile }) => {
  app.get(
    '/api/v1/me',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['profile'],
        summary: 'The signed-in user: roles, organisation, municipalities, second factor',
        response: { 200: meSchema, ...errors },
      },
    },
    async (request) => profile.me(requireActor(request)),
  );

  app.put(
    '/api/v1/me/password',
    {
      config: { access: 'authenticated', sessionStages: ['password_change', 'active'] },
      schema: {
        tags: ['profile'],
        summary: 'Change the password (ends every other session)',
        body: changePasswordRequestSchema,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const { token } = await profile.changePassword(requireSession(request), request.body, requestMeta(request));
      setSessionCookie(request, reply, token);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/me/second-factor/enrolment',
    {
      config: { access: 'authenticated', sessionStages: ['enrolment', 'active'] },
      schema: {
        tags: ['profile'],
        summary: 'Start setting up TOTP: a new key as QR code and text',
        response: { 200: totpEnrolmentSchema, ...errors, 409: problemSchema },
      },
    },
    async (request) => profile.startTotpEnrolment(requireSession(request)),
  );

  app.post(
    '/api/v1/me/second-factor/enrolment/confirm',
    {
      config: { access: 'authenticated', sessionStages: ['enrolment', 'active'] },
      schema: {
        tags: ['profile'],
        summary: 'Finish setting up TOTP with a code; returns ten recovery codes, once',
        body: confirmTotpRequestSchema,
        response: { 200: recoveryCodesSchema, ...errors, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const { codes, token } = await profile.confirmTotpEnrolment(
        requireSession(request),
        request.body.code,
        requestMeta(request),
      );
      setSessionCookie(request, reply, token);
      return { codes };
    },
  );

  app.post(
    '/api/v1/me/second-factor/recovery-codes',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['profile'],
        summary: 'Replace the recovery codes (needs a sign-in of the last 5 minutes)',
        response: { 200: recoveryCodesSchema, ...errors, 409: problemSchema },
      },
    },
    async (request) => profile.regenerateRecoveryCodes(requireSession(request), requestMeta(request)),
  );

  app.get(
    '/api/v1/me/sessions',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['profile'], summary: 'My active sessions', response: { 200: sessionListSchema, ...errors } },
    },
    async (request) => profile.listSessions(requireSession(request)),
  );

  app.delete(
    '/api/v1/me/sessions/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['profile'],
        summary: 'End one of my sessions',
        params: sessionIdParamsSchema,
        response: { 204: z.null(), ...errors, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const { current } = await profile.revokeSession(requireSession(request), request.params.id, requestMeta(request));
      if (current) clearSessionCookie(request, reply);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/me/sessions/end-all',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['profile'],
        summary: 'Log out everywhere: end every session, this one included',
        response: { 200: revokedCountSchema, ...errors },
      },
    },
    async (request, reply) => {
      const result = await profile.logoutEverywhere(requireSession(request), requestMeta(request));
      clearSessionCookie(request, reply);
      return result;
    },
  );

  app.put(
    '/api/v1/me/active-municipality',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['profile'],
        summary: 'Switch the municipality I work in',
        body: activeMunicipalityRequestSchema,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await profile.setActiveMunicipality(requireActor(request), requireSession(request), request.body.municipalityId);
      return reply.code(204).send(null);
    },
  );
};
