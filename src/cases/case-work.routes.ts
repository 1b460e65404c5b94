// The work on a case: needs assessments, goals and steps, contacts, referrals and case conferences.
// Writes to a case's parts are updates of the case (function level); the audit log names the part created.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import '../access/route-access.ts';
import { requireIfMatch, setEtag } from '../platform/http/concurrency.ts';
import { problemSchema } from '../platform/http/problem.ts';
import { requestMeta } from '../platform/http/request-meta.ts';
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

  // --- Contacts ---

  app.post(
    '/api/v1/cases/:id/contacts',
    {
      config: create,
      schema: {
        tags: ['cases'],
        summary: 'Log a contact (an FB1 coaching session with coaching: true)',
        params: caseIdParamsSchema,
        body: createContactSchema,
        response: { 201: contactSchema, ...errors },
      },
    },
    async (request, reply) => {
      const created = await work.addContact(request.actor, request.params.id, request.body, requestMeta(request));
      setEtag(reply, created.version);
      return reply.code(201).send(created);
    },
  );

  app.patch(
    '/api/v1/cases/:id/contacts/:contactId',
    {
      config: update,
      schema: {
        tags: ['cases'],
        summary: 'Correct a contact (If-Match)',
        params: contactParamsSchema,
        body: updateContactSchema,
        response: { 200: contactSchema, ...updateErrors },
      },
    },
    async (request, reply) => {
      const version = requireIfMatch(request);
      const updated = await work.updateContact(
        request.actor,
        request.params.id,
        request.params.contactId,
        version,
        request.body,
        requestMeta(request),
      );
      setEtag(reply, updated.version);
      return updated;
    },
  );

  app.get(
    '/api/v1/cases/:id/contacts',
    {
      config: read,
      schema: {
        tags: ['cases'],
        summary: 'The contacts log of a case',
        params: caseIdParamsSchema,
        querystring: listContactsQuerySchema,
        response: { 200: contactPageSchema, ...errors },
      },
    },
    async (request) => work.listContacts(request.actor, request.params.id, request.query, requestMeta(request)),
  );

  // --- Referrals ---

  app.post(
    '/api/v1/cases/:id/referrals',
    {
      config: create,
      schema: {
        tags: ['cases'],
        summary: 'Refer to a regular service (Jobcenter, employment agency, BAMF course, Berufskolleg, counselling)',
        params: caseIdParamsSchema,
        body: createReferralSchema,
        response: { 201: referralSchema, ...errors },
      },
    },
    async (request, reply) => {
      const created = await work.addReferral(request.actor, request.params.id, request.body, requestMeta(request));
      setEtag(reply, created.version);
      return reply.code(201).send(created);
    },
  );

  app.patch(
    '/api/v1/cases/:id/referrals/:referralId',
    {
      config: update,
      schema: {
        tags: ['cases'],
        summary: 'Change a referral or record its outcome (If-Match)',
        params: referralParamsSchema,
        body: updateReferralSchema,
        response: { 200: referralSchema, ...updateErrors },
      },
    },
    async (request, reply) => {
      const version = requireIfMatch(request);
      const updated = await work.updateReferral(
        request.actor,
        request.params.id,
        request.params.referralId,
        version,
        request.body,
        requestMeta(request),
      );
      setEtag(reply, updated.version);
      return updated;
    },
  );

  app.get(
    '/api/v1/cases/:id/referrals',
    {
      config: read,
      schema: {
        tags: ['cases'],
        summary: 'The referrals of a case',
        params: caseIdParamsSchema,
        querystring: listReferralsQuerySchema,
        response: { 200: referralPageSchema, ...errors },
      },
    },
    async (request) => work.listReferrals(request.actor, request.params.id, request.query, requestMeta(request)),
  );

  // --- Case conferences ---

  app.post(
    '/api/v1/cases/:id/conferences',
    {
      config: create,
      schema: {
        tags: ['cases'],
        summary: 'Record a case conference',
        params: caseIdParamsSchema,
        body: createConferenceSchema,
        response: { 201: conferenceSchema, ...errors },
      },
    },
    async (request, reply) => {
      const created = await work.addConference(request.actor, request.params.id, request.body, requestMeta(request));
      setEtag(reply, created.version);
      return reply.code(201).send(created);
    },
  );

  app.patch(
    '/api/v1/cases/:id/conferences/:conferenceId',
    {
      config: update,
      schema: {
        tags: ['cases'],
        summary: 'Change a case conference (If-Match)',
        params: conferenceParamsSchema,
        body: updateConferenceSchema,
        response: { 200: conferenceSchema, ...updateErrors },
      },
    },
    async (request, reply) => {
      const version = requireIfMatch(request);
      const updated = await work.updateConference(
        request.actor,
        request.params.id,
        request.params.conferenceId,
        version,
        request.body,
        requestMeta(request),
      );
      setEtag(reply, updated.version);
      return updated;
    },
  );

  app.get(
    '/api/v1/cases/:id/conferences',
    {
      config: read,
      schema: {
        tags: ['cases'],
        summary: 'The case conferences of a case',
        params: caseIdParamsSchema,
        querystring: listConferencesQuerySchema,
        response: { 200: conferencePageSchema, ...errors },
      },
    },
    async (request) => work.listConferences(request.actor, request.params.id, request.query, requestMeta(request)),
  );
};
