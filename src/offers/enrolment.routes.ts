// Enrolments over HTTP: enrol a person (from the participant), change an enrolment, read one, list a person's
// and an offer's enrolments.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import '../access/route-access.ts';
import { requireIfMatch, setEtag } from '../platform/http/concurrency.ts';
import { problemSchema } from '../platform/http/problem.ts';
import { requestMeta } from '../platform/http/request-meta.ts';
import {
  createEnrolmentSchema,
  enrolmentPageSchema,
  enrolmentParamsSchema,
  enrolmentSchema,
  listEnrolmentsQuerySchema,
  updateEnrolmentSchema,
} from './enrolment.schema.ts';
import type { EnrolmentService } from './enrolment.service.ts';
import { offerParamsSchema } from './offer.schema.ts';

const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };
const writeErrors = { ...errors, 409: problemSchema };
const participantParamsSchema = z.strictObject({ id: z.uuid() });
const read = { access: { action: 'read', resource: 'enrolment' } } as const;

export const enrolmentRoutes: FastifyPluginAsyncZod<{ enrolments: EnrolmentService }> = async (app, { enrolments }) => {
  app.post(
    '/api/v1/participants/:id/enrolments',
    {
      config: { access: { action: 'create', resource: 'enrolment' }, idempotency: 'optional' },
      schema: {
        tags: ['enrolments'],
        summary:
          'Enrol a participant into an offer: a seat, or the waiting list when it is full; 422 with the reasons when not eligible for its strand',
        params: participantParamsSchema,
        body: createEnrolmentSchema,
        response: { 201: enrolmentSchema, ...writeErrors, 422: problemSchema },
      },
    },
    async (request, reply) => {
      const created = await enrolments.enrol(request.actor, request.params.id, request.body, requestMeta(request));
      setEtag(reply, created.version);
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/api/v1/participants/:id/enrolments',
    {
      config: read,
      schema: {
        tags: ['enrolments'],
        summary: "A participant's enrolments (those the signed-in user may see)",
        params: participantParamsSchema,
        querystring: listEnrolmentsQuerySchema,
        response: { 200: enrolmentPageSchema, ...errors },
      },
    },
    async (request) =>
      enrolments.listOfParticipant(request.actor, request.params.id, request.query, requestMeta(request)),
  );

  app.get(
    '/api/v1/offers/:offerId/enrolments',
    {
      config: read,
      schema: {
        tags: ['enrolments'],
        summary: "An offer's enrolments with the waiting list (its provider's staff; case workers see their people)",
        params: offerParamsSchema,
        querystring: listEnrolmentsQuerySchema,
        response: { 200: enrolmentPageSchema, ...errors },
      },
    },
    async (request) =>
      enrolments.listOfOffer(request.actor, request.params.offerId, request.query, requestMeta(request)),
  );

  app.get(
    '/api/v1/enrolments/:enrolmentId',
    {
      config: read,
      schema: {
        tags: ['enrolments'],
        summary: 'One enrolment',
        params: enrolmentParamsSchema,
        response: { 200: enrolmentSchema, ...errors },
      },
    },
    async (request, reply) => {
      const enrolment = await enrolments.get(request.actor, request.params.enrolmentId, requestMeta(request));
      setEtag(reply, enrolment.version);
      return enrolment;
    },
  );

  app.patch(
    '/api/v1/enrolments/:enrolmentId',
    {
      config: { access: { action: 'update', resource: 'enrolment' } },
      schema: {
        tags: ['enrolments'],
        summary:
          'Change an enrolment (If-Match): status (a waiting one takes a free seat; a drop-out needs its reason), dates, attendance, results, next step',
        params: enrolmentParamsSchema,
        body: updateEnrolmentSchema,
        response: { 200: enrolmentSchema, ...writeErrors, 412: problemSchema, 428: problemSchema },
      },
    },
    async (request, reply) => {
      const version = requireIfMatch(request);
      const updated = await enrolments.update(
        request.actor,
        request.params.enrolmentId,
        version,
        request.body,
        requestMeta(request),
      );
      setEtag(reply, updated.version);
      return updated;
    },
  );
};
