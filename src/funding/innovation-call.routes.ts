// Calls of the innovation fund (FB5) and the steering committee's ranking of a call's proposals.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import '../access/route-access.ts';
import { requireIfMatch, setEtag } from '../platform/http/concurrency.ts';
import { problemSchema } from '../platform/http/problem.ts';
import { requestMeta } from '../platform/http/request-meta.ts';
import type { InnovationCallService } from './innovation-call.service.ts';
import type { InnovationCommitteeService } from './innovation-committee.service.ts';
import {
  callListSchema,
  callParamsSchema,
  callSchema,
  callTransitionSchema,
  createCallSchema,
  rankingSchema,
  updateCallSchema,
} from './innovation.schema.ts';

const TAGS = ['funding'];
const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema };
const updateErrors = { ...errors, 412: problemSchema, 428: problemSchema };
const read = { access: { action: 'read', resource: 'innovation' } } as const;
const manage = { access: { action: 'manage', resource: 'innovation' } } as const;

export const innovationCallRoutes: FastifyPluginAsyncZod<{
  calls: InnovationCallService;
  committee: InnovationCommitteeService;
}> = async (app, { calls, committee }) => {
  app.get(
    '/api/v1/funding/innovation/calls',
    {
      config: read,
      schema: {
        tags: TAGS,
        summary: 'Calls of the innovation fund (drafts only for the approving authority)',
        response: { 200: callListSchema, ...errors },
      },
    },
    async (request) => calls.list(request.actor, requestMeta(request)),
  );

  app.post(
    '/api/v1/funding/innovation/calls',
    {
      config: { ...manage, idempotency: 'optional' },
      schema: {
        tags: TAGS,
        summary: 'Prepare a call (draft): title, description, opening, deadline, weighted scoring criteria',
        body: createCallSchema,
        response: { 201: callSchema, ...errors },
      },
    },
    async (request, reply) => {
      const created = await calls.create(request.actor, request.body, requestMeta(request));
      setEtag(reply, created.version);
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/api/v1/funding/innovation/calls/:callId',
    {
      config: read,
      schema: {
        tags: TAGS,
        summary: 'A call',
        params: callParamsSchema,
        response: { 200: callSchema, ...errors },
      },
    },
    async (request, reply) => {
      const call = await calls.get(request.actor, request.params.callId, requestMeta(request));
      setEtag(reply, call.version);
      return call;
    },
  );

  app.patch(
    '/api/v1/funding/innovation/calls/:callId',
    {
      config: manage,
      schema: {
        tags: TAGS,
        summary: 'Change a call (If-Match): opening and criteria only while it is a draft',
        params: callParamsSchema,
        body: updateCallSchema,
        response: { 200: callSchema, ...updateErrors },
      },
    },
    async (request, reply) => {
      const version = requireIfMatch(request);
      const call = await calls.update(
        request.actor,
        request.params.callId,
        version,
        request.body,
        requestMeta(request),
      );
      setEtag(reply, call.version);
      return call;
    },
  );

  app.post(
    '/api/v1/funding/innovation/calls/:callId/status',
    {
      config: manage,
      schema: {
        tags: TAGS,
        summary:
          'Publish a call, close its ranking (after the deadline) or complete it (If-Match; the rest become not selected)',
        params: callParamsSchema,
        body: callTransitionSchema,
        response: { 200: callSchema, ...updateErrors },
      },
    },
    async (request, reply) => {
      const version = requireIfMatch(request);
      const call = await calls.transition(
        request.actor,
        request.params.callId,
        version,
        request.body,
        requestMeta(request),
      );
      setEtag(reply, call.version);
      return call;
    },
  );

  app.get(
    '/api/v1/funding/innovation/calls/:callId/ranking',
    {
      config: read,
      schema: {
        tags: TAGS,
        summary:
          "The steering committee's ranking: weighted mean scores, per-criterion means, scorers, spread, ties, remaining cap",
        params: callParamsSchema,
        response: { 200: rankingSchema, ...errors },
      },
    },
    async (request) => committee.ranking(request.actor, request.params.callId, requestMeta(request)),
  );
};
