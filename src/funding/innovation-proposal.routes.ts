// Proposals to the innovation fund (FB5): drafting, concept documents (multipart/form-data like case documents),
// submission until the deadline, withdrawal; the steering committee's scores; the authority's selection.
import multipart from '@fastify/multipart';
import type { FastifyContextConfig, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import '../access/route-access.ts';
import {
  documentFileResponse,
  documentFormLimits,
  readDocumentForm,
  sendDocumentFile,
} from '../cases/case-document.routes.ts';
import { documentContentTypes } from '../cases/case-document.rules.ts';
import type { UploadedFile } from '../cases/case-document.service.ts';
import { AppError } from '../platform/errors.ts';
import { requireIfMatch, setEtag } from '../platform/http/concurrency.ts';
import { problemSchema } from '../platform/http/problem.ts';
import { fundingLimitProblemSchema } from './funding-problems.ts';
import { requestMeta } from '../platform/http/request-meta.ts';
import type { InnovationCommitteeService } from './innovation-committee.service.ts';
import type { InnovationDocumentService } from './innovation-document.service.ts';
import type { InnovationProposalService } from './innovation-proposal.service.ts';
import {
  createProposalSchema,
  createScoreSchema,
  documentParamsSchema,
  documentSchema,
  documentUploadFieldsSchema,
  documentUploadSchema,
  proposalListQuerySchema,
  proposalListSchema,
  proposalParamsSchema,
  proposalSchema,
  scoreListSchema,
  scoreParamsSchema,
  scoreSchema,
  updateProposalSchema,
  updateScoreSchema,
  type InnovationDocumentUploadFields,
} from './innovation.schema.ts';

const TAGS = ['funding'];
const errors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: fundingLimitProblemSchema,
};
const updateErrors = { ...errors, 412: problemSchema, 428: problemSchema };
const read = { access: { action: 'read', resource: 'innovation' } } as const;
const update = { access: { action: 'update', resource: 'innovation' } } as const;

/** The parsed upload of a request (set by the preValidation hook, read by the handler). */
const uploads = new WeakMap<FastifyRequest, { fields: InnovationDocumentUploadFields; file: UploadedFile }>();

export const innovationProposalRoutes: FastifyPluginAsyncZod<{
  proposals: InnovationProposalService;
  documents: InnovationDocumentService;
  committee: InnovationCommitteeService;
}> = async (app, { proposals, documents, committee }) => {
  await app.register(multipart, documentFormLimits);

  app.get(
    '/api/v1/funding/innovation/proposals',
    {
      config: read,
      schema: {
        tags: TAGS,
        summary: 'Proposals the signed-in user may see (own ones; for the committee every submitted one)',
        querystring: proposalListQuerySchema,
        response: { 200: proposalListSchema, ...errors },
      },
    },
    async (request) => proposals.list(request.actor, request.query, requestMeta(request)),
  );

  app.post(
    '/api/v1/funding/innovation/proposals',
    {
      config: { access: { action: 'create', resource: 'innovation' }, idempotency: 'optional' },
      schema: {
        tags: TAGS,
        summary: 'Draft a proposal for a call (a municipality, or a provider for a municipality it serves)',
        body: createProposalSchema,
        response: { 201: proposalSchema, ...errors },
      },
    },
    async (request, reply) => {
      const created = await proposals.create(request.actor, request.body, requestMeta(request));
      setEtag(reply, created.version);
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/api/v1/funding/innovation/proposals/:proposalId',
    {
      config: read,
      schema: {
        tags: TAGS,
        summary: 'A proposal with its requested amounts and documents',
        params: proposalParamsSchema,
        response: { 200: proposalSchema, ...errors },
      },
    },
    async (request, reply) => {
      const proposal = await proposals.get(request.actor, request.params.proposalId, requestMeta(request));
      setEtag(reply, proposal.version);
      return proposal;
    },
  );

  app.patch(
    '/api/v1/funding/innovation/proposals/:proposalId',
    {
      config: update,
      schema: {
        tags: TAGS,
        summary: 'Change a draft proposal (If-Match)',
        params: proposalParamsSchema,
        body: updateProposalSchema,
        response: { 200: proposalSchema, ...updateErrors },
      },
    },
    async (request, reply) => {
      const version = requireIfMatch(request);
      const proposal = await proposals.update(
        request.actor,
        request.params.proposalId,
        version,
        request.body,
        requestMeta(request),
      );
      setEtag(reply, proposal.version);
      return proposal;
    },
  );

  // Submit, withdraw and select share one shape: a state change of the proposal named by If-Match.
  const transitions = [
    ['submit', 'Submit a draft proposal until the deadline (If-Match; after the deadline: 409)', update],
    ['withdraw', 'Withdraw a submitted proposal before the ranking closes (If-Match)', update],
    [
      'select',
      'Select a proposal within the FB5 cap (If-Match): it becomes a submitted funding application',
      { access: { action: 'manage', resource: 'innovation' } },
    ],
  ] as const;
  for (const [action, summary, access] of transitions) {
    const config: FastifyContextConfig = access;
    app.post(
      `/api/v1/funding/innovation/proposals/:proposalId/${action}`,
      {
        config,
        schema: {
          tags: TAGS,
          summary,
          params: proposalParamsSchema,
          response: { 200: proposalSchema, ...updateErrors },
        },
      },
      async (request, reply) => {
        const version = requireIfMatch(request);
        const meta = requestMeta(request);
        const id = request.params.proposalId;
        const proposal =
          action === 'submit'
            ? await proposals.submit(request.actor, id, version, meta)
            : action === 'withdraw'
              ? await proposals.withdraw(request.actor, id, version, meta)
              : await committee.select(request.actor, id, version, meta);
        setEtag(reply, proposal.version);
        return proposal;
      },
    );
  }

  // --- Documents ---

  app.post(
    '/api/v1/funding/innovation/proposals/:proposalId/documents',
    {
      config: { ...update, idempotency: 'optional' },
      preValidation: async (request) => {
        uploads.set(request, await readDocumentForm(request, documentUploadFieldsSchema, ['title', 'kind']));
      },
      schema: {
        tags: TAGS,
        summary: `Attach a document to a draft proposal (multipart/form-data: title, kind, file; at most 10 MiB; ${documentContentTypes.join(', ')})`,
        consumes: ['multipart/form-data'],
        params: proposalParamsSchema,
        body: documentUploadSchema,
        response: { 201: documentSchema, ...errors, 413: problemSchema, 415: problemSchema },
      },
    },
    async (request, reply) => {
      const upload = uploads.get(request);
      if (!upload) throw new AppError('bad_request', 'The upload could not be read.');
      const created = await documents.upload(
        request.actor,
        request.params.proposalId,
        upload.fields,
        upload.file,
        requestMeta(request),
      );
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/api/v1/funding/innovation/proposals/:proposalId/documents/:documentId/content',
    {
      config: read,
      schema: {
        tags: TAGS,
        summary: 'Download a document of a proposal (as an attachment; audited)',
        params: documentParamsSchema,
        response: { 200: documentFileResponse, ...errors },
      },
    },
    async (request, reply) => {
      const file = await documents.download(
        request.actor,
        request.params.proposalId,
        request.params.documentId,
        requestMeta(request),
      );
      return sendDocumentFile(reply, file);
    },
  );

  app.delete(
    '/api/v1/funding/innovation/proposals/:proposalId/documents/:documentId',
    {
      config: update,
      schema: {
        tags: TAGS,
        summary: 'Remove a document from a draft proposal (audited)',
        params: documentParamsSchema,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await documents.remove(request.actor, request.params.proposalId, request.params.documentId, requestMeta(request));
      return reply.code(204).send(null);
    },
  );

  // --- Scores of the steering committee ---

  app.get(
    '/api/v1/funding/innovation/proposals/:proposalId/scores',
    {
      config: update,
      schema: {
        tags: TAGS,
        summary: "The signed-in committee member's own scores of a proposal",
        params: proposalParamsSchema,
        response: { 200: scoreListSchema, ...errors },
      },
    },
    async (request) => committee.myScores(request.actor, request.params.proposalId, requestMeta(request)),
  );

  app.post(
    '/api/v1/funding/innovation/proposals/:proposalId/scores',
    {
      config: { ...update, idempotency: 'optional' },
      schema: {
        tags: TAGS,
        summary: 'Score a proposal on one criterion (committee members; a second score of a criterion: 409, change it)',
        params: proposalParamsSchema,
        body: createScoreSchema,
        response: { 201: scoreSchema, ...errors },
      },
    },
    async (request, reply) => {
      const created = await committee.score(
        request.actor,
        request.params.proposalId,
        request.body,
        requestMeta(request),
      );
      setEtag(reply, created.version);
      return reply.code(201).send(created);
    },
  );

  app.patch(
    '/api/v1/funding/innovation/proposals/:proposalId/scores/:criterion',
    {
      config: update,
      schema: {
        tags: TAGS,
        summary: 'Change your score on a criterion until the ranking is closed (If-Match)',
        params: scoreParamsSchema,
        body: updateScoreSchema,
        response: { 200: scoreSchema, ...updateErrors },
      },
    },
    async (request, reply) => {
      const version = requireIfMatch(request);
      const updated = await committee.updateScore(
        request.actor,
        request.params.proposalId,
        request.params.criterion,
        version,
        request.body,
        requestMeta(request),
      );
      setEtag(reply, updated.version);
      return updated;
    },
  );
};
