import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import '../access/route-access.ts';
import { problemSchema } from '../platform/http/problem.ts';
import { requestMeta } from '../platform/http/request-meta.ts';
import {
  acceptInvitationRequestSchema,
  authStateSchema,
  invitationLookupRequestSchema,
  invitationSchema,
  loginRequestSchema,
  reauthenticateRequestSchema,
  reauthenticateResponseSchema,
  secondFactorRequestSchema,
} from './auth.schema.ts';
import type { AuthService } from './auth.service.ts';
import type { InvitationService } from './invitation.service.ts';
import { requireSession } from './request-auth.ts';
import { clearSessionCookie, readSessionToken, setSessionCookie } from './session-cookie.ts';

const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 429: problemSchema };

export const authRoutes: FastifyPluginAsyncZod<{ auth: AuthService; invitations: InvitationService }> = async (
  app,
  { auth, invitations },
) => {
  app.get(
    '/api/v1/auth/session',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Whether this browser is signed in, and at which step',
        response: { 200: authStateSchema },
      },
    },
    async (request) => auth.state(request.authSession),
  );

  app.post(
    '/api/v1/auth/login',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with e-mail address and password (5 failures per minute, then exponential back-off)',
        body: loginRequestSchema,
        response: { 200: authStateSchema, ...errors },
      },
    },
    async (request, reply) => {
      const result = await auth.login(request.body, requestMeta(request), readSessionToken(request));
      setSessionCookie(request, reply, result.token);
      return result.state;
    },
  );

  app.post(
    '/api/v1/auth/login/second-factor',
    {
      config: { access: 'authenticated', sessionStages: ['second_factor'] },
      schema: {
        tags: ['auth'],
        summary: 'Second step of the sign-in: a code of the authenticator app or a recovery code',
        body: secondFactorRequestSchema,
        response: { 200: authStateSchema, ...errors, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const result = await auth.completeSecondFactor(requireSession(request), request.body.code, requestMeta(request));
      setSessionCookie(request, reply, result.token);
      return result.state;
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      config: { access: 'public' },
      schema: { tags: ['auth'], summary: 'Sign out (ends this session)', response: { 204: z.null(), ...errors } },
    },
    async (request, reply) => {
      await auth.logout(request.authSession, requestMeta(request));
      clearSessionCookie(request, reply);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/auth/reauthenticate',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'Confirm the password (and code) before a sensitive action; valid for 5 minutes',
        body: reauthenticateRequestSchema,
        response: { 200: reauthenticateResponseSchema, ...errors },
      },
    },
    async (request) => {
      const { validUntil } = await auth.reauthenticate(requireSession(request), request.body, requestMeta(request));
      return { validUntil: validUntil.toISOString() };
    },
  );

  // POST with the token in the body, not GET with it in the path: paths end up in access logs.
  app.post(
    '/api/v1/auth/invitations/lookup',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Who an invitation link is for',
        body: invitationLookupRequestSchema,
        response: { 200: invitationSchema, ...errors, 404: problemSchema },
      },
    },
    async (request) => invitations.invitation(request.body.token),
  );

  app.post(
    '/api/v1/auth/invitations/accept',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Set the first password through an invitation link (once)',
        body: acceptInvitationRequestSchema,
        response: { 204: z.null(), ...errors, 404: problemSchema },
      },
    },
    async (request, reply) => {
      await invitations.acceptInvitation(request.body, requestMeta(request));
      return reply.code(204).send(null);
    },
  );
};
