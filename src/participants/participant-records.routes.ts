// Sub-records of a participant. Every change names the participant's version (If-Match) and answers with the
// whole participant and its new ETag, because each change is a change of the participant's record.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { Actor } from '../access/access.rules.ts';
import '../access/route-access.ts';
import { requireIfMatch, setEtag } from '../platform/http/concurrency.ts';
import { problemSchema } from '../platform/http/problem.ts';
import { requestMeta, type RequestMeta } from '../platform/http/request-meta.ts';
import {
  consentInputSchema,
  consentRevocationSchema,
  languageCorrectionSchema,
  languageInputSchema,
  participantIdParamsSchema,
  participantSchema,
  type Participant,
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

type App = Parameters<FastifyPluginAsyncZod>[0];

// The dated sub-records (residence statuses, languages, schooling) share one shape of routes: add to the
// participant, correct one entry, delete one entry — each naming the participant's version.
interface SubRecordRoutes<Input extends z.ZodType, Correction extends z.ZodType> {
  segment: string;
  summaries: { add: string; correct: string; remove: string };
  inputSchema: Input;
  correctionSchema: Correction;
  add(
    actor: Actor | null,
    participantId: string,
    version: number,
    input: z.output<Input>,
    meta: RequestMeta,
  ): Promise<Participant>;
  correct(
    actor: Actor | null,
    participantId: string,
    recordId: string,
    version: number,
    input: z.output<Correction>,
    meta: RequestMeta,
  ): Promise<Participant>;
  remove(
    actor: Actor | null,
    participantId: string,
    recordId: string,
    version: number,
    meta: RequestMeta,
  ): Promise<Participant>;
}

function registerSubRecordRoutes<Input extends z.ZodType, Correction extends z.ZodType>(
  app: App,
  routes: SubRecordRoutes<Input, Correction>,
): void {
  const path = `/api/v1/participants/:id/${routes.segment}`;

  app.post(
    path,
    {
      config: create,
      schema: {
        tags,
        summary: routes.summaries.add,
        params: participantIdParamsSchema,
        body: routes.inputSchema,
        response: { 201: participantSchema, ...errors, 422: problemSchema },
      },
    },
    async (request, reply) => {
      const version = requireIfMatch(request);
      const participant = await routes.add(
        request.actor,
        request.params.id,
        version,
        // Validated against routes.inputSchema by the type provider; TypeScript cannot resolve that generically.
        request.body as z.output<Input>,
        requestMeta(request),
      );
      setEtag(reply, participant.version);
      return reply.code(201).send(participant);
    },
  );

  app.patch(
    `${path}/:recordId`,
    {
      config: update,
      schema: {
        tags,
        summary: routes.summaries.correct,
        params: subRecordParamsSchema,
        body: routes.correctionSchema,
        response: { 200: participantSchema, ...errors },
      },
    },
    async (request, reply) => {
      const version = requireIfMatch(request);
      const participant = await routes.correct(
        request.actor,
        request.params.id,
        request.params.recordId,
        version,
        request.body as z.output<Correction>,
        requestMeta(request),
      );
      setEtag(reply, participant.version);
      return participant;
    },
  );

  app.delete(
    `${path}/:recordId`,
    {
      config: update,
      schema: {
        tags,
        summary: routes.summaries.remove,
        params: subRecordParamsSchema,
        response: { 200: participantSchema, ...errors },
      },
    },
    async (request, reply) => {
      const version = requireIfMatch(request);
      const participant = await routes.remove(
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
}

export const participantRecordRoutes: FastifyPluginAsyncZod<{ service: ParticipantService }> = async (
  app,
  { service },
) => {
  registerSubRecordRoutes(app, {
    segment: 'residence-statuses',
    summaries: {
      add: 'Add a residence status; the open-ended one before it ends the day before (If-Match)',
      correct: 'Correct a wrongly entered residence status (If-Match of the participant)',
      remove: 'Delete a wrongly entered residence status (If-Match of the participant)',
    },
    inputSchema: residenceStatusInputSchema,
    correctionSchema: residenceStatusCorrectionSchema,
    add: service.addResidenceStatus.bind(service),
    correct: service.correctResidenceStatus.bind(service),
    remove: service.deleteResidenceStatus.bind(service),
  });

  registerSubRecordRoutes(app, {
    segment: 'languages',
    summaries: {
      add: 'Add a language with its CEFR level (If-Match)',
      correct: 'Correct a language entry (If-Match of the participant)',
      remove: 'Delete a wrongly entered language (If-Match of the participant)',
    },
    inputSchema: languageInputSchema,
    correctionSchema: languageCorrectionSchema,
    add: service.addLanguage.bind(service),
    correct: service.correctLanguage.bind(service),
    remove: (actor, participantId, recordId, version, meta) =>
      service.deleteRecord(actor, 'language', participantId, recordId, version, meta),
  });

  registerSubRecordRoutes(app, {
    segment: 'schooling',
    summaries: {
      add: 'Add schooling (If-Match)',
      correct: 'Correct a schooling entry (If-Match of the participant)',
      remove: 'Delete a wrongly entered schooling entry (If-Match of the participant)',
    },
    inputSchema: schoolingInputSchema,
    correctionSchema: schoolingCorrectionSchema,
    add: service.addSchooling.bind(service),
    correct: service.correctSchooling.bind(service),
    remove: (actor, participantId, recordId, version, meta) =>
      service.deleteRecord(actor, 'schooling', participantId, recordId, version, meta),
  });

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
