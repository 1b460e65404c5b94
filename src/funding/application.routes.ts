// Applications: drafting with the financing plan (lines with their own versions), check, submit, withdraw; the
// authority's review (open, comment, return, reject). The decision is grant.routes.ts.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import '../access/route-access.ts';
import { requireIfMatch, setEtag } from '../platform/http/concurrency.ts';
import { problemSchema } from '../platform/http/problem.ts';
import { requestMeta } from '../platform/http/request-meta.ts';
import { lineKinds, type ApplicationPlanService, type LineKind, type LineTable } from './application-plan.service.ts';
import {
  applicationCheckSchema,
  applicationPageSchema,
  applicationParamsSchema,
  applicationSchema,
  costLineSchema,
  createApplicationSchema,
  createCommentSchema,
  createCostLineSchema,
  createFundingSourceSchema,
  createPositionSchema,
  createRequestedAmountSchema,
  emptyStepSchema,
  fundingSourceSchema,
  lineParamsSchema,
  listApplicationsQuerySchema,
  positionSchema,
  reasonSchema,
  requestedAmountSchema,
  type Reason,
  updateApplicationSchema,
  updateCostLineSchema,
  updateFundingSourceSchema,
  updatePositionSchema,
  updateRequestedAmountSchema,
} from './application.schema.ts';
import type { ApplicationService } from './application.service.ts';

const PATH = '/api/v1/funding/applications';
const TAGS = ['funding'];
const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema };
const changeErrors = { ...errors, 412: problemSchema, 428: problemSchema };
const read = { access: { action: 'read', resource: 'application' } } as const;
const update = { access: { action: 'update', resource: 'application' } } as const;

type App = Parameters<FastifyPluginAsyncZod>[0];

/** The routes of one kind of plan line: add (idempotent), change (If-Match of the line), remove (If-Match). */
function registerLineRoutes<T extends LineTable, Create extends z.ZodType<object>, Update extends z.ZodType<object>>(
  app: App,
  plan: ApplicationPlanService,
  kind: LineKind<T, z.output<Create>, z.output<Update>, { version: number }>,
  // Typed by what the routes need (the version for the ETag); the schema itself shapes the response.
  spec: { segment: string; what: string; create: Create; update: Update; item: z.ZodType<{ version: number }> },
): void {
  const path = `${PATH}/:applicationId/${spec.segment}`;
  app.post(
    path,
    {
      config: { ...update, idempotency: 'optional' },
      schema: {
        tags: TAGS,
        summary: `Add ${spec.what} to the financing plan of a draft`,
        params: applicationParamsSchema,
        body: spec.create,
        response: { 201: spec.item, ...errors },
      },
    },
    async (request, reply) => {
      // The body was validated against spec.create; TypeScript cannot resolve that generically.
      const input = request.body as z.output<Create>;
      const line = await plan.add(kind, request.actor, request.params.applicationId, input, requestMeta(request));
      setEtag(reply, line.version);
      return reply.code(201).send(line);
    },
  );
  app.patch(
    `${path}/:lineId`,
    {
      config: update,
      schema: {
        tags: TAGS,
        summary: `Change ${spec.what} of the financing plan (If-Match of the line)`,
        params: lineParamsSchema,
        body: spec.update,
        response: { 200: spec.item, ...changeErrors },
      },
    },
    async (request, reply) => {
      const version = requireIfMatch(request);
      const params = request.params;
      const line = await plan.change(
        kind,
        request.actor,
        params.applicationId,
        params.lineId,
        version,
        request.body as z.output<Update>,
        requestMeta(request),
      );
      setEtag(reply, line.version);
      return line;
    },
  );
  app.delete(
    `${path}/:lineId`,
    {
      config: update,
      schema: {
        tags: TAGS,
        summary: `Remove ${spec.what} from the financing plan of a draft (If-Match of the line)`,
        params: lineParamsSchema,
        response: { 204: z.null(), ...changeErrors },
      },
    },
    async (request, reply) => {
      const version = requireIfMatch(request);
      const params = request.params;
      await plan.remove(kind, request.actor, params.applicationId, params.lineId, version, requestMeta(request));
      return reply.code(204).send(null);
    },
  );
}

export const applicationRoutes: FastifyPluginAsyncZod<{
  applications: ApplicationService;
  plan: ApplicationPlanService;
}> = async (app, { applications, plan }) => {
  app.get(
    PATH,
    {
      config: read,
      schema: {
        tags: TAGS,
        summary: "Applications: a municipality's own; for the authority every submitted one",
        querystring: listApplicationsQuerySchema,
        response: { 200: applicationPageSchema, ...errors },
      },
    },
    async (request) => applications.list(request.actor, request.query),
  );

  app.post(
    PATH,
    {
      config: { access: { action: 'create', resource: 'application' }, idempotency: 'optional' },
      schema: {
        tags: TAGS,
        summary: "Draft an application under the programme's current version",
        body: createApplicationSchema,
        response: { 201: applicationSchema, ...errors },
      },
    },
    async (request, reply) => {
      const created = await applications.create(request.actor, request.body, requestMeta(request));
      setEtag(reply, created.version);
      return reply.code(201).send(created);
    },
  );

  app.get(
    `${PATH}/:applicationId`,
    {
      config: read,
      schema: {
        tags: TAGS,
        summary: 'An application with its financing plan, sums and comments',
        params: applicationParamsSchema,
        response: { 200: applicationSchema, ...errors },
      },
    },
    async (request, reply) => {
      const found = await applications.get(request.actor, request.params.applicationId, requestMeta(request));
      setEtag(reply, found.version);
      return found;
    },
  );

  app.patch(
    `${PATH}/:applicationId`,
    {
      config: update,
      schema: {
        tags: TAGS,
        summary: 'Change the header of a draft (If-Match of the application)',
        params: applicationParamsSchema,
        body: updateApplicationSchema,
        response: { 200: applicationSchema, ...changeErrors },
      },
    },
    async (request, reply) => {
      const version = requireIfMatch(request);
      const changed = await applications.update(
        request.actor,
        request.params.applicationId,
        version,
        request.body,
        requestMeta(request),
      );
      setEtag(reply, changed.version);
      return changed;
    },
  );

  app.get(
    `${PATH}/:applicationId/check`,
    {
      config: read,
      schema: {
        tags: TAGS,
        summary: "Every problem of the plan against the programme's rules, without submitting",
        params: applicationParamsSchema,
        response: { 200: applicationCheckSchema, ...errors },
      },
    },
    async (request) => applications.check(request.actor, request.params.applicationId, requestMeta(request)),
  );

  // The steps of an application's life (If-Match of the application); returning and rejecting carry the reason.
  const steps = [
    {
      segment: 'submit',
      summary: 'Submit (refused with every problem of the plan)',
      run: 'submit',
      body: emptyStepSchema,
    },
    {
      segment: 'withdraw',
      summary: 'Withdraw a submitted application before the decision',
      run: 'withdraw',
      body: emptyStepSchema,
    },
    {
      segment: 'review',
      summary: 'Open a submitted application for review (authority)',
      run: 'review',
      body: emptyStepSchema,
    },
    {
      segment: 'return',
      summary: 'Send back for correction, with the reason (authority)',
      run: 'returnForCorrection',
      body: reasonSchema,
    },
    { segment: 'reject', summary: 'Reject, with the reason (authority)', run: 'reject', body: reasonSchema },
  ] as const;
  for (const step of steps) {
    app.post(
      `${PATH}/:applicationId/${step.segment}`,
      {
        config: update,
        schema: {
          tags: TAGS,
          summary: `${step.summary} (If-Match)`,
          params: applicationParamsSchema,
          body: step.body,
          response: { 200: applicationSchema, ...changeErrors },
        },
      },
      async (request, reply) => {
        const version = requireIfMatch(request);
        const id = request.params.applicationId;
        const meta = requestMeta(request);
        const changed =
          step.run === 'returnForCorrection' || step.run === 'reject'
            ? // The body was validated against this step's schema, the reason's; TypeScript cannot pair them.
              await applications[step.run](request.actor, id, version, request.body as Reason, meta)
            : await applications[step.run](request.actor, id, version, meta);
        setEtag(reply, changed.version);
        return changed;
      },
    );
  }

  app.post(
    `${PATH}/:applicationId/comments`,
    {
      config: { ...update, idempotency: 'optional' },
      schema: {
        tags: TAGS,
        summary: 'Comment on the application or one of its parts (both sides; never changed)',
        params: applicationParamsSchema,
        body: createCommentSchema,
        response: { 201: applicationSchema, ...errors },
      },
    },
    async (request, reply) => {
      const changed = await applications.comment(
        request.actor,
        request.params.applicationId,
        request.body,
        requestMeta(request),
      );
      setEtag(reply, changed.version);
      return reply.code(201).send(changed);
    },
  );

  registerLineRoutes(app, plan, lineKinds.costLines, {
    segment: 'cost-lines',
    what: 'a cost line',
    create: createCostLineSchema,
    update: updateCostLineSchema,
    item: costLineSchema,
  });
  registerLineRoutes(app, plan, lineKinds.positions, {
    segment: 'positions',
    what: 'a post',
    create: createPositionSchema,
    update: updatePositionSchema,
    item: positionSchema,
  });
  registerLineRoutes(app, plan, lineKinds.fundingSources, {
    segment: 'funding-sources',
    what: 'an own contribution or third-party funds',
    create: createFundingSourceSchema,
    update: updateFundingSourceSchema,
    item: fundingSourceSchema,
  });
  registerLineRoutes(app, plan, lineKinds.requestedAmounts, {
    segment: 'requested-amounts',
    what: 'the grant requested for a strand and year',
    create: createRequestedAmountSchema,
    update: updateRequestedAmountSchema,
    item: requestedAmountSchema,
  });
};
