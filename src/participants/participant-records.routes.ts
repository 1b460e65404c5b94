// Sub-records of a participant. Every change names the participant's version (If-Match) and answers with the
// whole participant and its new ETag, because each change is a change of the participant's record.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import '../access/route-access.ts';
import { requireIfMatch, setEtag } from '../platform/http/concurrency.ts';
import { problemSchema } from '../platform/http/problem.ts';
import { requestMeta } from '../platform/http/request-meta.ts';
import {
  consentInputSchema,
  consentRevocationSchema,
  languageCorrectionSchema,
  languageInputSchema,
  participantIdParamsSchema,
  participantSchema,
  residenceStatusCorrectionSchema,
  residenceStatusInputSchema,
  schoolingCorrectionSchema,
  schoolingInputSchema,
  subRecordParamsSchema,
} from './participant.schema.ts';
import type { ParticipantService } from './participant.service.ts';

const errors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
  412: problemSchema,
  428: problemSchema,
};
const update = { access: { action: 'update', resource: 'participant' } } as const;
const create = { ...update, idempotency: 'optional' } as const;
const tags = ['participants'];

export const participantRecordRoutes: FastifyPluginAsyncZod<{ service: ParticipantService }> = async (
  app,
  { service },
) => {
  // --- Residence statuses ---
  app.post(
    '/api/v1/participants/:id/residence-statuses',
    {
      config: create,
      schema: {
        tags,
        summary: 'Add a residence status; the open-ended one before it ends the day before (If-Match)',
        params: participantIdParamsSchema,
        body: residenceStatusInputSchema,
        response: { 201: participantSchema, ...errors, 422: problemSchema },
      },
    },
    async (request, reply) => {
      const version = requireIfMatch(request);
      const participant = await service.addResidenceStatus(
        request.actor,
        request.params.id,
        version,
        request.body,
        requestMeta(request),
      );
      setEtag(reply, participant.version);
      return reply.code(201).send(participant);
    },
  );

  app.patch(
    '/api/v1/participants/:id/residence-statuses/:recordId',
    {
      config: update,
      schema: {
        tags,
        summary: 'Correct a wrongly entered residence status (If-Match of the participant)',
        params: subRecordParamsSchema,
        body: residenceStatusCorrectionSchema,
        response: { 200: participantSchema, ...errors },
      },
    },
    async (request, reply) => {
      const version = requireIfMatch(request);
      const participant = await service.correctResidenceStatus(
        request.actor,
        request.params.id,
        request.params.recordId,
        version,
        request.body,
        requestMeta(request),
      );
      setEtag(reply, participant.version);
      return participant;
    },
  );

  app.delete(
    '/api/v1/participants/:id/residence-statuses/:recordId',
    {
      config: update,
      schema: {
        tags,
        summary: 'Delete a wrongly entered residence status (If-Match of the participant)',
        params: subRecordParamsSchema,
        response: { 200: participantSchema, ...errors },
      },
    },
    async (request, reply) => {
      const version = requireIfMatch(request);
      const participant = await service.deleteResidenceStatus(
        request.actor,
        request.params.id,
        request.params.recordId,
        version,
        requestMeta(request),
      );
      setEtag(reply, participant.version);
      return participant;
    },
  );

  // --- Languages ---
  app.post(
    '/api/v1/participants/:id/languages',
    {
      config: create,
      schema: {
        tags,
        summary: 'Add a language with its CEFR level (If-Match)',
        params: participantIdParamsSchema,
        body: languageInputSchema,
        response: { 201: participantSchema, ...errors, 422: problemSchema },
      },
    },
    async (request, reply) => {
      const version = requireIfMatch(request);
      const participant = await service.addLanguage(
        request.actor,
        request.params.id,
        version,
        request.body,
        requestMeta(request),
      );
      setEtag(reply, participant.version);
      return reply.code(201).send(participant);
    },
  );

  app.patch(
    '/api/v1/participants/:id/languages/:recordId',
    {
      config: update,
      schema: {
        tags,
        summary: 'Correct a language entry (If-Match of the participant)',
        params: subRecordParamsSchema,
        body: languageCorrectionSchema,
        response: { 200: participantSchema, ...errors },
      },
    },
    async (request, reply) => {
      const version = requireIfMatch(request);
      const participant = await service.correctLanguage(
        request.actor,
        request.params.id,
        request.params.recordId,
        version,
        request.body,
        requestMeta(request),
      );
      setEtag(reply, participant.version);
      return participant;
    },
  );

  app.delete(
    '/api/v1/participants/:id/languages/:recordId',
    {
      config: update,
      schema: {
        tags,
        summary: 'Delete a wrongly entered language (If-Match of the participant)',
        params: subRecordParamsSchema,
        response: { 200: participantSchema, ...errors },
      },
    },
    async (request, reply) => {
      const version = requireIfMatch(request);
      const participant = await service.deleteRecord(
        request.actor,
        'language',
        request.params.id,
        request.params.recordId,
        version,
        requestMeta(request),
      );
      setEtag(reply, participant.version);
      return participant;
    },
  );

  // --- Schooling ---
  app.post(
    '/api/v1/participants/:id/schooling',
    {
      config: create,
      schema: {
        tags,
        summary: 'Add schooling (If-Match)',
        params: participantIdParamsSchema,
        body: schoolingInputSchema,
        response: { 201: participantSchema, ...errors, 422: problemSchema },
      },
    },
    async (request, reply) => {
      const version = requireIfMatch(request);
      const participant = await service.addSchooling(
        request.actor,
        request.params.id,
        version,
        request.body,
        requestMeta(request),
      );
      setEtag(reply, participant.version);
      return reply.code(201).send(participant);
    },
  );

  app.patch(
    '/api/v1/participants/:id/schooling/:recordId',
    {
      config: update,
      schema: {
        tags,
        summary: 'Correct a schooling entry (If-Match of the participant)',
        params: subRecordParamsSchema,
        body: schoolingCorrectionSchema,
        response: { 200: participantSchema, ...errors },
      },
    },
    async (request, reply) => {
      const version = requireIfMatch(request);
      const participant = await service.correctSchooling(
        request.actor,
        request.params.id,
        request.params.recordId,
        version,
        request.body,
        requestMeta(request),
      );
      setEtag(reply, participant.version);
      return participant;
    },
  );

  app.delete(
    '/api/v1/participants/:id/schooling/:recordId',
    {
      config: update,
      schema: {
        tags,
        summary: 'Delete a wrongly entered schooling entry (If-Match of the participant)',
        params: subRecordParamsSchema,
        response: { 200: participantSchema, ...errors },
      },
    },
    async (request, reply) => {
      const version = requireIfMatch(request);
      const participant = await service.deleteRecord(
        request.actor,
        'schooling',
        request.params.id,
        request.params.recordId,
        version,
        requestMeta(request),
      );
      setEtag(reply, participant.version);
      return participant;
    },
  );

  // --- Consents ---
  app.post(
    '/api/v1/participants/:id/consents',
    {
      config: create,
      schema: {
        tags,
        summary: 'Record a consent given (If-Match)',
        params: participantIdParamsSchema,
        body: consentInputSchema,
        response: { 201: participantSchema, ...errors, 422: problemSchema },
      },
    },
    async (request, reply) => {
      const version = requireIfMatch(request);
      const participant = await service.giveConsent(
        request.actor,
        request.params.id,
        version,
        request.body,
        requestMeta(request),
      );
      setEtag(reply, participant.version);
      return reply.code(201).send(participant);
    },
  );

  app.post(
    '/api/v1/participants/:id/consents/:recordId/revoke',
    {
      config: update,
      schema: {
        tags,
        summary: 'Record the revocation of a consent with its date (If-Match of the participant)',
        params: subRecordParamsSchema,
        body: consentRevocationSchema,
        response: { 200: participantSchema, ...errors },
      },
    },
    async (request, reply) => {
      const version = requireIfMatch(request);
      const participant = await service.revokeConsent(
        request.actor,
        request.params.id,
        request.params.recordId,
        version,
        request.body,
        requestMeta(request),
      );
      setEtag(reply, participant.version);
      return participant;
    },
  );
};
