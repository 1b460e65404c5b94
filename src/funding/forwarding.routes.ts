// Forwarding contracts to providers over HTTP: a grant's contracts and what is left to forward, the contracts
// visible to the signed-in user (a provider's own), and their changes.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import '../access/route-access.ts';
import { requireIfMatch, setEtag } from '../platform/http/concurrency.ts';
import { problemSchema } from '../platform/http/problem.ts';
import { requestMeta } from '../platform/http/request-meta.ts';
import {
  createForwardingSchema,
  forwardingContractSchema,
  forwardingPageSchema,
  forwardingParamsSchema,
  forwardingStatusChangeSchema,
  grantForwardingSchema,
  listForwardingQuerySchema,
  updateForwardingSchema,
} from './forwarding.schema.ts';
import type { ForwardingService } from './forwarding.service.ts';
import { fundingLimitProblemSchema } from './funding-problems.ts';
import { grantIdParamsSchema } from './payment.schema.ts';

const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };
const writeErrors = { ...errors, 409: fundingLimitProblemSchema };
const changeErrors = { ...writeErrors, 412: problemSchema, 428: problemSchema };
const read = { access: { action: 'read', resource: 'forwarding' } } as const;
const tags = ['funding'];

export const forwardingRoutes: FastifyPluginAsyncZod<{ forwarding: ForwardingService }> = async (
  app,
  { forwarding },
) => {
  app.get(
    '/api/v1/funding/grants/:grantId/forwarding',
    {
      config: read,
      schema: {
        tags,
        summary: 'The forwarding contracts of a grant, with decided, forwarded and forwardable amounts',
        params: grantIdParamsSchema,
        response: { 200: grantForwardingSchema, ...errors },
      },
    },
    async (request) => forwarding.grantForwarding(request.actor, request.params.grantId, requestMeta(request)),
  );

  app.post(
    '/api/v1/funding/grants/:grantId/forwarding',
    {
      config: { access: { action: 'create', resource: 'forwarding' }, idempotency: 'optional' },
      schema: {
        tags,
        summary: 'Draft a forwarding contract with a provider serving the municipality (ANBest-P)',
        params: grantIdParamsSchema,
        body: createForwardingSchema,
        response: { 201: forwardingContractSchema, ...writeErrors },
      },
    },
    async (request, reply) => {
      const created = await forwarding.create(
        request.actor,
        request.params.grantId,
        request.body,
        requestMeta(request),
      );
      setEtag(reply, created.version);
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/api/v1/funding/forwarding',
    {
      config: read,
      schema: {
        tags,
        summary: 'Forwarding contracts: the municipality’s, all for the authority, a provider’s own',
        querystring: listForwardingQuerySchema,
        response: { 200: forwardingPageSchema, ...errors },
      },
    },
    async (request) => forwarding.list(request.actor, request.query, requestMeta(request)),
  );

  app.get(
    '/api/v1/funding/forwarding/:contractId',
    {
      config: read,
      schema: {
        tags,
        summary: 'A forwarding contract',
        params: forwardingParamsSchema,
        response: { 200: forwardingContractSchema, ...errors },
      },
    },
    async (request, reply) => {
      const found = await forwarding.get(request.actor, request.params.contractId, requestMeta(request));
      setEtag(reply, found.version);
      return found;
    },
  );

  app.patch(
    '/api/v1/funding/forwarding/:contractId',
    {
      config: { access: { action: 'update', resource: 'forwarding' } },
      schema: {
        tags,
        summary: 'Change a draft contract (If-Match)',
        params: forwardingParamsSchema,
        body: updateForwardingSchema,
        response: { 200: forwardingContractSchema, ...changeErrors },
      },
    },
    async (request, reply) => {
      const version = requireIfMatch(request);
      const changed = await forwarding.update(
        request.actor,
        request.params.contractId,
        version,
        request.body,
        requestMeta(request),
      );
      setEtag(reply, changed.version);
      return changed;
    },
  );

  app.post(
    '/api/v1/funding/forwarding/:contractId/status',
    {
      config: { access: { action: 'update', resource: 'forwarding' } },
      schema: {
        tags,
        summary: 'Conclude (forwards the amounts; 409 beyond the decided amount), end or cancel a contract (If-Match)',
        params: forwardingParamsSchema,
        body: forwardingStatusChangeSchema,
        response: { 200: forwardingContractSchema, ...changeErrors },
      },
    },
    async (request, reply) => {
      const version = requireIfMatch(request);
      const changed = await forwarding.changeStatus(
        request.actor,
        request.params.contractId,
        version,
        request.body,
        requestMeta(request),
      );
      setEtag(reply, changed.version);
      return changed;
    },
  );
};
