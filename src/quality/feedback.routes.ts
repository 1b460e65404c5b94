// Participant feedback: staff create one-time links (with a QR code) or fill the survey in with the participant;
// the participant answers through the link without an account (public, rate-limited). The token travels in the
// body, never in a path: paths end up in access logs.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import '../access/route-access.ts';
import { problemSchema } from '../platform/http/problem.ts';
import { requestMeta } from '../platform/http/request-meta.ts';
import type { FeedbackService } from './feedback.service.ts';
import {
  createInvitationSchema,
  feedbackReceivedSchema,
  invitationCreatedSchema,
  publicFeedbackSchema,
  publicSurveyRequestSchema,
  staffFeedbackSchema,
  surveyQuerySchema,
  surveySchema,
} from './feedback.schema.ts';
import { enrolmentParamsSchema } from '../offers/enrolment.schema.ts';

const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema };
const publicErrors = { 400: problemSchema, 404: problemSchema, 429: problemSchema };
const updateEnrolment = { access: { action: 'update', resource: 'enrolment' } } as const;

export const feedbackRoutes: FastifyPluginAsyncZod<{ feedback: FeedbackService }> = async (app, { feedback }) => {
  app.get(
    '/api/v1/enrolments/:enrolmentId/feedback-survey',
    {
      config: updateEnrolment,
      schema: {
        tags: ['quality'],
        summary: 'The feedback survey of an enrolment, to fill in together with the participant',
        params: enrolmentParamsSchema,
        querystring: surveyQuerySchema,
        response: { 200: surveySchema, ...errors },
      },
    },
    async (request) =>
      feedback.staffSurvey(request.actor, request.params.enrolmentId, request.query.language, requestMeta(request)),
  );

  app.post(
    '/api/v1/enrolments/:enrolmentId/feedback-invitations',
    {
      // No Idempotency-Key: a repeated request makes a new link that replaces the first (the link is shown once,
      // and a stored answer would keep the secret for a day).
      config: updateEnrolment,
      schema: {
        tags: ['quality'],
        summary: 'Create a one-time feedback link with a QR code (shown once; replaces unused links)',
        params: enrolmentParamsSchema,
        body: createInvitationSchema,
        response: { 201: invitationCreatedSchema, ...errors },
      },
    },
    async (request, reply) => {
      const origin = `${request.protocol}://${request.host}`;
      const created = await feedback.createInvitation(
        request.actor,
        request.params.enrolmentId,
        request.body,
        origin,
        requestMeta(request),
      );
      return reply.code(201).header('cache-control', 'no-store').send(created);
    },
  );

  app.post(
    '/api/v1/enrolments/:enrolmentId/feedback',
    {
      config: { ...updateEnrolment, idempotency: 'optional' },
      schema: {
        tags: ['quality'],
        summary: 'Store the survey filled in together with the participant (anonymously)',
        params: enrolmentParamsSchema,
        body: staffFeedbackSchema,
        response: { 201: feedbackReceivedSchema, ...errors },
      },
    },
    async (request, reply) => {
      const received = await feedback.submitWithStaff(
        request.actor,
        request.params.enrolmentId,
        request.body,
        requestMeta(request),
      );
      return reply.code(201).send(received);
    },
  );

  app.post(
    '/api/v1/feedback/survey',
    {
      config: { access: 'public' },
      schema: {
        tags: ['quality'],
        summary: "The survey of a feedback link, in the link's language or another (no account)",
        body: publicSurveyRequestSchema,
        response: { 200: surveySchema, ...publicErrors },
      },
    },
    async (request) => feedback.publicSurvey(request.body, request.ip),
  );

  app.post(
    '/api/v1/feedback/responses',
    {
      config: { access: 'public' },
      schema: {
        tags: ['quality'],
        summary: 'Answer the survey of a feedback link, once (no account): used 409, expired 410',
        body: publicFeedbackSchema,
        response: { 201: feedbackReceivedSchema, ...publicErrors, 409: problemSchema, 410: problemSchema },
      },
    },
    async (request, reply) => {
      const received = await feedback.publicSubmit(request.body, request.ip);
      return reply.code(201).send(received);
    },
  );
};
