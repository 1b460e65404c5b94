// The work on a case: needs assessments, goals and steps, contacts, referrals and case conferences.
// Writes to a case's parts are updates of the case (function level); the audit log names the part created.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { Actor } from '../access/access.rules.ts';
import '../access/route-access.ts';
import { requireIfMatch, setEtag } from '../platform/http/concurrency.ts';
import { problemSchema } from '../platform/http/problem.ts';
import { requestMeta, type RequestMeta } from '../platform/http/request-meta.ts';
import type { CasePlanService } from './case-plan.service.ts';
import type { CaseWorkService } from './case-work.service.ts';
import {
  assessmentPageSchema,
  assessmentSchema,
  conferencePageSchema,
  conferenceParamsSchema,
  conferenceSchema,
  contactPageSchema,
  contactParamsSchema,
  contactSchema,
  createAssessmentSchema,
  createConferenceSchema,
  createContactSchema,
  createGoalSchema,
  createReferralSchema,
  createStepSchema,
  goalParamsSchema,
  goalSchema,
  listAssessmentsQuerySchema,
  listConferencesQuerySchema,
  listContactsQuerySchema,
  listReferralsQuerySchema,
  referralPageSchema,
  referralParamsSchema,
  referralSchema,
  stepParamsSchema,
  stepSchema,
  updateConferenceSchema,
  updateContactSchema,
  updateGoalSchema,
  updateReferralSchema,
  updateStepSchema,
} from './case-work.schema.ts';
import { caseIdParamsSchema } from './case.schema.ts';

const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema };
const updateErrors = { ...errors, 412: problemSchema, 428: problemSchema };
const read = { access: { action: 'read', resource: 'case' } } as const;
const create = { access: { action: 'update', resource: 'case' }, idempotency: 'optional' } as const;
const update = { access: { action: 'update', resource: 'case' } } as const;

type App = Parameters<FastifyPluginAsyncZod>[0];

// Contacts, referrals and case conferences share one shape of routes: log one on the case, change one
// (If-Match of that entry), list them.
interface CasePartRoutes<
  Key extends string,
  Create extends z.ZodType,
  Update extends z.ZodType,
  Query extends z.ZodType,
> {
  segment: string;
  itemParam: Key;
  summaries: { create: string; update: string; list: string };
  schemas: {
    create: Create;
    update: Update;
    params: z.ZodType<Record<'id' | Key, string>>;
    query: Query;
    // Typed by what the routes need (the version for the ETag); the schema itself shapes the response.
    item: z.ZodType<{ version: number }>;
    page: z.ZodType;
  };
  create(actor: Actor | null, caseId: string, input: z.output<Create>, meta: RequestMeta): Promise<{ version: number }>;
  update(
    actor: Actor | null,
    caseId: string,
    itemId: string,
    version: number,
    input: z.output<Update>,
    meta: RequestMeta,
  ): Promise<{ version: number }>;
  list(actor: Actor | null, caseId: string, query: z.output<Query>, meta: RequestMeta): Promise<unknown>;
}

function registerCasePartRoutes<
  Key extends string,
  Create extends z.ZodType,
  Update extends z.ZodType,
  Query extends z.ZodType,
>(app: App, routes: CasePartRoutes<Key, Create, Update, Query>): void {
  const path = `/api/v1/cases/:id/${routes.segment}`;
  const { schemas } = routes;

  app.post(
    path,
    {
      config: create,
      schema: {
        tags: ['cases'],
        summary: routes.summaries.create,
        params: caseIdParamsSchema,
        body: schemas.create,
        response: { 201: schemas.item, ...errors },
      },
    },
    async (request, reply) => {
      // The body was validated against schemas.create; TypeScript cannot resolve that generically.
      const input = request.body as z.output<Create>;
      const created = await routes.create(request.actor, request.params.id, input, requestMeta(request));
      setEtag(reply, created.version);
      return reply.code(201).send(created);
    },
  );

  app.patch(
    `${path}/:${routes.itemParam}`,
    {
      config: update,
      schema: {
        tags: ['cases'],
        summary: routes.summaries.update,
        params: schemas.params,
        body: schemas.update,
        response: { 200: schemas.item, ...updateErrors },
      },
    },
    async (request, reply) => {
      const version = requireIfMatch(request);
      // Params and body were validated against their schemas; TypeScript cannot resolve that generically.
      const params = request.params as Record<'id' | Key, string>;
      const input = request.body as z.output<Update>;
      const updated = await routes.update(
        request.actor,
        params.id,
        params[routes.itemParam],
        version,
        input,
        requestMeta(request),
      );
      setEtag(reply, updated.version);
      return updated;
    },
  );

  app.get(
    path,
    {
      config: read,
      schema: {
        tags: ['cases'],
        summary: routes.summaries.list,
        params: caseIdParamsSchema,
        querystring: schemas.query,
        response: { 200: schemas.page, ...errors },
      },
    },
    async (request) =>
      routes.list(request.actor, request.params.id, request.query as z.output<Query>, requestMeta(request)),
  );
}

export const caseWorkRoutes: FastifyPluginAsyncZod<{ plan: CasePlanService; work: CaseWorkService }> = async (
  app,
  { plan, work },
) => {
  // --- Needs assessment ---

  app.post(
    '/api/v1/cases/:id/assessments',
    {
      config: create,
      schema: {
        tags: ['cases'],
        summary: 'Record a needs assessment (the latest one counts)',
        params: caseIdParamsSchema,
        body: createAssessmentSchema,
        response: { 201: assessmentSchema, ...errors },
      },
    },
    async (request, reply) => {
      const created = await plan.addAssessment(request.actor, request.params.id, request.body, requestMeta(request));
      setEtag(reply, created.version);
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/api/v1/cases/:id/assessments',
    {
      config: read,
      schema: {
        tags: ['cases'],
        summary: 'The needs assessments of a case',
        params: caseIdParamsSchema,
        querystring: listAssessmentsQuerySchema,
        response: { 200: assessmentPageSchema, ...errors },
      },
    },
    async (request) => plan.listAssessments(request.actor, request.params.id, request.query, requestMeta(request)),
  );

  // --- Plan ---

  app.post(
    '/api/v1/cases/:id/goals',
    {
      config: create,
      schema: {
        tags: ['cases'],
        summary: 'Add a goal to the plan',
        params: caseIdParamsSchema,
        body: createGoalSchema,
        response: { 201: goalSchema, ...errors },
      },
    },
    async (request, reply) => {
      const created = await plan.addGoal(request.actor, request.params.id, request.body, requestMeta(request));
      setEtag(reply, created.version);
      return reply.code(201).send(created);
    },
  );

  app.patch(
    '/api/v1/cases/:id/goals/:goalId',
    {
      config: update,
      schema: {
        tags: ['cases'],
        summary: 'Change a goal, e.g. mark it achieved or dropped (If-Match)',
        params: goalParamsSchema,
        body: updateGoalSchema,
        response: { 200: goalSchema, ...updateErrors },
      },
    },
    async (request, reply) => {
      const version = requireIfMatch(request);
      const updated = await plan.updateGoal(
        request.actor,
        request.params.id,
        request.params.goalId,
        version,
        request.body,
        requestMeta(request),
      );
      setEtag(reply, updated.version);
      return updated;
    },
  );

  app.post(
    '/api/v1/cases/:id/goals/:goalId/steps',
    {
      config: create,
      schema: {
        tags: ['cases'],
        summary: 'Add a step to a goal (owner, due date)',
        params: goalParamsSchema,
        body: createStepSchema,
        response: { 201: stepSchema, ...errors },
      },
    },
    async (request, reply) => {
      const created = await plan.addStep(
        request.actor,
        request.params.id,
        request.params.goalId,
        request.body,
        requestMeta(request),
      );
      setEtag(reply, created.version);
      return reply.code(201).send(created);
    },
  );

  app.patch(
    '/api/v1/cases/:id/steps/:stepId',
    {
      config: update,
      schema: {
        tags: ['cases'],
        summary: 'Change a step, e.g. mark it done (If-Match)',
        params: stepParamsSchema,
        body: updateStepSchema,
        response: { 200: stepSchema, ...updateErrors },
      },
    },
    async (request, reply) => {
      const version = requireIfMatch(request);
      const updated = await plan.updateStep(
        request.actor,
        request.params.id,
        request.params.stepId,
        version,
        request.body,
        requestMeta(request),
      );
      setEtag(reply, updated.version);
      return updated;
    },
  );

  registerCasePartRoutes(app, {
    segment: 'contacts',
    itemParam: 'contactId',
    summaries: {
      create: 'Log a contact (an FB1 coaching session with coaching: true)',
      update: 'Correct a contact (If-Match)',
      list: 'The contacts log of a case',
    },
    schemas: {
      create: createContactSchema,
      update: updateContactSchema,
      params: contactParamsSchema,
      query: listContactsQuerySchema,
      item: contactSchema,
      page: contactPageSchema,
    },
    create: work.addContact.bind(work),
    update: work.updateContact.bind(work),
    list: work.listContacts.bind(work),
  });

  registerCasePartRoutes(app, {
    segment: 'referrals',
    itemParam: 'referralId',
    summaries: {
      create: 'Refer to a regular service (Jobcenter, employment agency, BAMF course, Berufskolleg, counselling)',
      update: 'Change a referral or record its outcome (If-Match)',
      list: 'The referrals of a case',
    },
    schemas: {
      create: createReferralSchema,
      update: updateReferralSchema,
      params: referralParamsSchema,
      query: listReferralsQuerySchema,
      item: referralSchema,
      page: referralPageSchema,
    },
    create: work.addReferral.bind(work),
    update: work.updateReferral.bind(work),
    list: work.listReferrals.bind(work),
  });

  registerCasePartRoutes(app, {
    segment: 'conferences',
    itemParam: 'conferenceId',
    summaries: {
      create: 'Record a case conference',
      update: 'Change a case conference (If-Match)',
      list: 'The case conferences of a case',
    },
    schemas: {
      create: createConferenceSchema,
      update: updateConferenceSchema,
      params: conferenceParamsSchema,
      query: listConferencesQuerySchema,
      item: conferenceSchema,
      page: conferencePageSchema,
    },
    create: work.addConference.bind(work),
    update: work.updateConference.bind(work),
    list: work.listConferences.bind(work),
  });
};
