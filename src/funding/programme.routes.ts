// Programmes as versioned configuration: list, detail with versions, one version, the differences between two,
// and a new version (the approving authority; If-Match on the programme).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import '../access/route-access.ts';
import { requireIfMatch, setEtag } from '../platform/http/concurrency.ts';
import { problemSchema } from '../platform/http/problem.ts';
import { fundingLimitProblemSchema } from './funding-problems.ts';
import { requestMeta } from '../platform/http/request-meta.ts';
import type { ProgrammeService } from './programme.service.ts';
import {
  createProgrammeVersionSchema,
  programmeDetailQuerySchema,
  programmeDetailSchema,
  programmeDiffQuerySchema,
  programmeDiffSchema,
  programmeListSchema,
  programmeParamsSchema,
} from './programme.schema.ts';

const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };
const PATH = '/api/v1/funding/programmes';
const TAGS = ['funding'];

export const programmeRoutes: FastifyPluginAsyncZod<{ programmes: ProgrammeService }> = async (app, { programmes }) => {
  app.get(
    PATH,
    {
      config: { access: { action: 'read', resource: 'programme' } },
      schema: {
        tags: TAGS,
        summary: 'Funding programmes with their strands and current version',
        response: { 200: programmeListSchema, 401: problemSchema, 403: problemSchema },
      },
    },
    async (request) => programmes.list(request.actor, requestMeta(request)),
  );

  app.get(
    `${PATH}/:programmeId`,
    {
      config: { access: { action: 'read', resource: 'programme' } },
      schema: {
        tags: TAGS,
        summary: 'A programme: its versions and the definition of one of them (default: the current one)',
        params: programmeParamsSchema,
        querystring: programmeDetailQuerySchema,
        response: { 200: programmeDetailSchema, ...errors },
      },
    },
    async (request, reply) => {
      const programme = await programmes.get(
        request.actor,
        request.params.programmeId,
        request.query.version,
        requestMeta(request),
      );
      setEtag(reply, programme.version);
      return programme;
    },
  );

  app.post(
    `${PATH}/:programmeId/versions`,
    {
      config: { access: { action: 'update', resource: 'programme' } },
      schema: {
        tags: TAGS,
        summary:
          'Create a new version from a complete definition with a change note (If-Match on the programme); ' +
          'it becomes current, decided grants keep theirs',
        params: programmeParamsSchema,
        body: createProgrammeVersionSchema,
        response: {
          201: programmeDetailSchema,
          ...errors,
          409: fundingLimitProblemSchema,
          412: problemSchema,
          428: problemSchema,
        },
      },
    },
    async (request, reply) => {
      const expected = requireIfMatch(request);
      const programme = await programmes.createVersion(
        request.actor,
        request.params.programmeId,
        expected,
        request.body,
        requestMeta(request),
      );
      setEtag(reply, programme.version);
      return reply.code(201).send(programme);
    },
  );

  app.get(
    `${PATH}/:programmeId/diff`,
    {
      config: { access: { action: 'read', resource: 'programme' } },
      schema: {
        tags: TAGS,
        summary: 'What changed from one version of a programme to another',
        params: programmeParamsSchema,
        querystring: programmeDiffQuerySchema,
        response: { 200: programmeDiffSchema, ...errors },
      },
    },
    async (request) => programmes.diff(request.actor, request.params.programmeId, request.query, requestMeta(request)),
  );
};
