import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import '../access/route-access.ts';
import { requireRecentAuthentication } from '../accounts/step-up.ts';
import { requireIfMatch, setEtag } from '../platform/http/concurrency.ts';
import { problemSchema } from '../platform/http/problem.ts';
import { requestMeta } from '../platform/http/request-meta.ts';
import { participantRecordRoutes } from './participant-records.routes.ts';
import {
  blockParticipantSchema,
  createParticipantSchema,
  duplicateCandidateSchema,
  duplicateCandidatesSchema,
  duplicateCheckSchema,
  eligibilityDecisionSchema,
  eligibilityQuerySchema,
  listParticipantsQuerySchema,
  mergeParticipantSchema,
  municipalityEligibilityPolicySchema,
  participantIdParamsSchema,
  participantPageSchema,
  participantSchema,
  setEligibilityPolicySchema,
  unblockParticipantSchema,
  updateParticipantSchema,
} from './participant.schema.ts';
import type { ParticipantService } from './participant.service.ts';

export const participantErrors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
};
export const conditionalErrors = { 412: problemSchema, 428: problemSchema };

/** 409 of a creation refused by the duplicate check: the candidates to review, as an extension member. */
const duplicateProblemSchema = problemSchema
  .extend({ candidates: z.array(duplicateCandidateSchema).optional() })
  .meta({ id: 'DuplicateCandidatesProblem' });

/** 409 of a refused merge: the programmes in which both records have an open case. */
const mergeProblemSchema = problemSchema
  .extend({ programmes: z.array(z.string()).optional() })
  .meta({ id: 'MergeConflictProblem' });

export const participantRoutes: FastifyPluginAsyncZod<{ service: ParticipantService }> = async (app, { service }) => {
  await app.register(participantRecordRoutes, { service });

  app.get(
    '/api/v1/participants',
    {
      config: { access: { action: 'read', resource: 'participant' } },
      schema: {
        tags: ['participants'],
        summary: 'Search participants (within your reach)',
        querystring: listParticipantsQuerySchema,
        response: { 200: participantPageSchema, ...participantErrors },
      },
    },
    async (request) => service.list(request.actor, request.query, requestMeta(request)),
  );

  app.post(
    '/api/v1/participants',
    {
      config: { access: { action: 'create', resource: 'participant' }, idempotency: 'optional' },
      schema: {
        tags: ['participants'],
        summary:
          'Create a participant (refused with 409 and the candidates until every duplicate candidate is reviewed)',
        body: createParticipantSchema,
        response: { 201: participantSchema, ...participantErrors, 409: duplicateProblemSchema, 422: problemSchema },
      },
    },
    async (request, reply) => {
      const created = await service.create(request.actor, request.body, requestMeta(request));
      setEtag(reply, created.version);
      return reply.code(201).header('location', `/api/v1/participants/${created.id}`).send(created);
    },
  );

  app.post(
    '/api/v1/participants/duplicate-candidates',
    {
      config: { access: { action: 'create', resource: 'participant' } },
      schema: {
        tags: ['participants'],
        summary: 'Duplicate check at intake: similar records in your municipality, best first',
        body: duplicateCheckSchema,
        response: { 200: duplicateCandidatesSchema, ...participantErrors },
      },
    },
    async (request) => service.checkDuplicates(request.actor, request.body, requestMeta(request)),
  );

  app.get(
    '/api/v1/participants/:id',
    {
      config: { access: { action: 'read', resource: 'participant' } },
      schema: {
        tags: ['participants'],
        summary: 'One participant with residence statuses, languages, schooling and consents',
        params: participantIdParamsSchema,
        response: { 200: participantSchema, ...participantErrors },
      },
    },
    async (request, reply) => {
      const participant = await service.get(request.actor, request.params.id, requestMeta(request));
      setEtag(reply, participant.version);
      return participant;
    },
  );

  app.patch(
    '/api/v1/participants/:id',
    {
      config: { access: { action: 'update', resource: 'participant' } },
      schema: {
        tags: ['participants'],
        summary: 'Change a participant (If-Match required)',
        params: participantIdParamsSchema,
        body: updateParticipantSchema,
        response: { 200: participantSchema, ...participantErrors, ...conditionalErrors },
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

  app.post(
    '/api/v1/participants/:id/merge',
    {
      config: { access: { action: 'update', resource: 'participant' } },
      schema: {
        tags: ['participants'],
        summary: 'Merge a duplicate into this participant (If-Match of this one); the duplicate stays read-only',
        params: participantIdParamsSchema,
        body: mergeParticipantSchema,
        response: { 200: participantSchema, ...participantErrors, 409: mergeProblemSchema, ...conditionalErrors },
      },
    },
    async (request, reply) => {
      const version = requireIfMatch(request);
      const merged = await service.merge(
        request.actor,
        request.params.id,
        version,
        request.body.duplicateId,
        requestMeta(request),
      );
      setEtag(reply, merged.version);
      return merged;
    },
  );

  app.post(
    '/api/v1/participants/:id/block',
    {
      config: { access: { action: 'update', resource: 'participant' } },
      schema: {
        tags: ['participants'],
        summary: 'Block a participant (Art. 18 GDPR; recent sign-in and If-Match required): data become read-only',
        params: participantIdParamsSchema,
        body: blockParticipantSchema,
        response: { 200: participantSchema, ...participantErrors, ...conditionalErrors },
      },
    },
    async (request, reply) => {
      requireRecentAuthentication(request);
      const version = requireIfMatch(request);
      const blocked = await service.block(
        request.actor,
        request.params.id,
        version,
        request.body.reason,
        requestMeta(request),
      );
      setEtag(reply, blocked.version);
      return blocked;
    },
  );

  app.post(
    '/api/v1/participants/:id/unblock',
    {
      config: { access: { action: 'update', resource: 'participant' } },
      schema: {
        tags: ['participants'],
        summary: 'Lift the block of a participant (recent sign-in and If-Match required)',
        params: participantIdParamsSchema,
        body: unblockParticipantSchema,
        response: { 200: participantSchema, ...participantErrors, ...conditionalErrors },
      },
    },
    async (request, reply) => {
      requireRecentAuthentication(request);
      const version = requireIfMatch(request);
      const unblocked = await service.unblock(request.actor, request.params.id, version, requestMeta(request));
      setEtag(reply, unblocked.version);
      return unblocked;
    },
  );

  app.get(
    '/api/v1/participants/:id/eligibility',
    {
      config: { access: { action: 'read', resource: 'participant' } },
      schema: {
        tags: ['participants'],
        summary: 'Eligibility for a strand on a day, with every reason',
        params: participantIdParamsSchema,
        querystring: eligibilityQuerySchema,
        response: { 200: eligibilityDecisionSchema, ...participantErrors },
      },
    },
    async (request) => service.eligibility(request.actor, request.params.id, request.query, requestMeta(request)),
  );

  app.get(
    '/api/v1/municipality-policy/eligibility',
    {
      config: { access: { action: 'read', resource: 'policy' } },
      schema: {
        tags: ['participants'],
        summary: 'The eligibility settings of your municipality (defaults, override, effective)',
        response: { 200: municipalityEligibilityPolicySchema, ...participantErrors },
      },
    },
    async (request, reply) => {
      const policy = await service.getEligibilityPolicy(request.actor, requestMeta(request));
      setEtag(reply, policy.version);
      return policy;
    },
  );

  app.put(
    '/api/v1/municipality-policy/eligibility',
    {
      config: { access: { action: 'update', resource: 'policy' } },
      schema: {
        tags: ['participants'],
        summary: 'Replace the eligibility settings of your municipality (If-Match required; null = defaults)',
        body: setEligibilityPolicySchema,
        response: { 200: municipalityEligibilityPolicySchema, ...participantErrors, ...conditionalErrors },
      },
    },
    async (request, reply) => {
      const version = requireIfMatch(request);
      const policy = await service.setEligibilityPolicy(request.actor, version, request.body, requestMeta(request));
      setEtag(reply, policy.version);
      return policy;
    },
  );
};
