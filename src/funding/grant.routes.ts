// Grant decisions: the suggestion and the decision on an application, amendments, the grants with their amounts
// in force and the history of decisions, each decision's PDF.
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import '../access/route-access.ts';
import { requireIfMatch, setEtag } from '../platform/http/concurrency.ts';
import { problemSchema } from '../platform/http/problem.ts';
import { fundingLimitProblemSchema } from './funding-problems.ts';
import { requestMeta } from '../platform/http/request-meta.ts';
import { applicationParamsSchema } from './application.schema.ts';
import {
  amendSchema,
  decideSchema,
  decisionDocumentQuerySchema,
  decisionProposalSchema,
  grantPageSchema,
  grantParamsSchema,
  grantSchema,
  listGrantsQuerySchema,
  proposalQuerySchema,
} from './grant.schema.ts';
import type { GrantService } from './grant.service.ts';

const TAGS = ['funding'];
const errors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: fundingLimitProblemSchema,
};
const changeErrors = { ...errors, 412: problemSchema, 428: problemSchema };
const readGrant = { access: { action: 'read', resource: 'grant' } } as const;

export const grantRoutes: FastifyPluginAsyncZod<{ grants: GrantService }> = async (app, { grants }) => {
  app.get(
    '/api/v1/funding/applications/:applicationId/decision-proposal',
    {
      config: { access: { action: 'create', resource: 'grant' } },
      schema: {
        tags: TAGS,
        summary: 'The suggested decision: amounts per strand and year from the plan and the rules (authority)',
        params: applicationParamsSchema,
        querystring: proposalQuerySchema,
        response: { 200: decisionProposalSchema, ...errors },
      },
    },
    async (request) =>
      grants.proposal(request.actor, request.params.applicationId, request.query, requestMeta(request)),
  );

  app.post(
    '/api/v1/funding/applications/:applicationId/decision',
    {
      config: { access: { action: 'create', resource: 'grant' }, idempotency: 'optional' },
      schema: {
        tags: TAGS,
        summary: 'Decide an application: the grant with its decision (PDF) and amounts (If-Match of the application)',
        params: applicationParamsSchema,
        body: decideSchema,
        response: { 201: grantSchema, ...changeErrors },
      },
    },
    async (request, reply) => {
      const version = requireIfMatch(request);
      const grant = await grants.decide(
        request.actor,
        request.params.applicationId,
        version,
        request.body,
        requestMeta(request),
      );
      setEtag(reply, grant.version);
      return reply.code(201).send(grant);
    },
  );

  app.get(
    '/api/v1/funding/grants',
    {
      config: readGrant,
      schema: {
        tags: TAGS,
        summary: 'Grants: all for the authority and the ministry, its own for a municipality',
        querystring: listGrantsQuerySchema,
        response: { 200: grantPageSchema, ...errors },
      },
    },
    async (request) => grants.list(request.actor, request.query),
  );

  app.get(
    '/api/v1/funding/grants/:grantId',
    {
      config: readGrant,
      schema: {
        tags: TAGS,
        summary: 'A grant: amounts in force (decided, forwarded, paid, remaining) and every decision',
        params: grantParamsSchema,
        response: { 200: grantSchema, ...errors },
      },
    },
    async (request, reply) => {
      const grant = await grants.get(request.actor, request.params.grantId, requestMeta(request));
      setEtag(reply, grant.version);
      return grant;
    },
  );

  app.post(
    '/api/v1/funding/grants/:grantId/decisions',
    {
      config: { access: { action: 'update', resource: 'grant' }, idempotency: 'optional' },
      schema: {
        tags: TAGS,
        summary: 'Amend a grant (Änderungsbescheid): new amounts, period or conditions, with the reason (If-Match)',
        params: grantParamsSchema,
        body: amendSchema,
        response: { 201: grantSchema, ...changeErrors },
      },
    },
    async (request, reply) => {
      const version = requireIfMatch(request);
      const grant = await grants.amend(
        request.actor,
        request.params.grantId,
        version,
        request.body,
        requestMeta(request),
      );
      setEtag(reply, grant.version);
      return reply.code(201).send(grant);
    },
  );

  app.get(
    '/api/v1/funding/grants/:grantId/document',
    {
      config: readGrant,
      schema: {
        tags: TAGS,
        summary:
          'A decision as sent (PDF): seq names it (1 = the grant decision, 2… amendments), default the one in force',
        params: grantParamsSchema,
        querystring: decisionDocumentQuerySchema,
        response: {
          200: {
            description: 'The decision (Zuwendungsbescheid or Änderungsbescheid) as PDF',
            content: { 'application/pdf': { schema: z.string().meta({ format: 'binary' }) } },
          },
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const { seq, pdf } = await grants.document(
        request.actor,
        request.params.grantId,
        request.query.seq,
        requestMeta(request),
      );
      reply.header('content-disposition', `inline; filename="bescheid-${seq}.pdf"`);
      // Bytes, not a JSON shape: Fastify sends a Buffer as it is, without the serializer.
      return (reply as FastifyReply).type('application/pdf').send(pdf);
    },
  );
};
